import { DeliveryError, UsageError } from "../../lib/errors.js";
import { withScheme } from "../../input.js";
import { SEND_DEFAULTS } from "../../defaults.js";
import { mark } from "../output.js";

/**
 * `wh-sim reset [providers…]`: the offline world on disk, or with `--listener` a running listener
 * through its control plane (what it holds in memory and what it received too).
 */
export async function runReset(providers: string[], options: { listener?: string; token?: string }): Promise<void> {
  if (!options.listener) {
    const { resetWorld } = await import("../../world.js");
    const done = await resetWorld(providers);
    return console.log(`${mark(true)} reset ${done.providers.join(", ")}`);
  }
  const base = withScheme(options.listener, "--listener").replace(/\/+$/, "");
  const token = options.token ?? process.env.WH_SIM_TOKEN;
  const { deliver } = await import("../../http/deliver.js");
  const answer = await deliver({
    url: `${base}/_wh-sim/api/v1/reset`,
    body: JSON.stringify(providers.length ? { providers } : {}),
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    timeoutMs: SEND_DEFAULTS.timeoutMs,
  });
  const json = parseJson(answer.body);
  if (answer.status === 400) throw new UsageError(json?.error?.message ?? answer.body, json?.error?.hint);
  if (answer.status !== 200)
    throw new DeliveryError(
      `${base} answered ${answer.status} to the reset: ${json?.error?.message ?? answer.body.trim()}`,
      answer.status === 401
        ? "bound beyond loopback, a listener needs its run token: --token (printed at its start-up)"
        : "is it a wh-sim listener (wh-sim listen)?",
    );
  console.log(`${mark(true)} reset ${(json?.providers ?? []).join(", ")} at ${base}`);
}

function parseJson(text: string): { error?: { message?: string; hint?: string }; providers?: string[] } | undefined {
  try {
    return JSON.parse(text) as ReturnType<typeof parseJson>;
  } catch {
    return undefined;
  }
}
