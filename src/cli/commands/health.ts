import { DeliveryError } from "../../lib/errors.js";
import { withScheme } from "../../input.js";
import { HEALTH_PATH } from "../../defaults.js";

/** `wh-sim health [url]`: whether a listener answers its health path (no token needed: it says nothing else). */
export async function runHealth(url: string, timeoutMs: number): Promise<void> {
  const base = withScheme(url, "url").replace(/\/+$/, "");
  const { deliver } = await import("../../http/deliver.js");
  const answer = await deliver({ url: `${base}${HEALTH_PATH}`, method: "GET", body: "", headers: {}, timeoutMs });
  if (answer.status !== 200) throw new DeliveryError(`${base} answered ${answer.status}, not 200`, "is it a wh-sim listener (wh-sim listen)?");
  console.log(`ok: ${base}`);
}
