import type { Config } from "../config.js";
import { signerFor } from "../credentials.js";
import { endToEndHeaders } from "../http/hop-by-hop.js";
import { UsageError } from "../lib/errors.js";
import { createRandom } from "../lib/random.js";
import { isProviderId, loadProvider } from "../providers/registry.js";
import type { RecordedRequest } from "./format.js";

/**
 * A recorded request's headers with its provider's signature made anew for `body` (the recorded
 * body, or an edited one) at this moment: the other headers stay as recorded, minus hop-by-hop ones.
 * `wh-sim replay --resign` and the inspector's re-signed replays both send these.
 */
export async function resignedHeaders(
  record: RecordedRequest,
  body: string,
  secrets: readonly string[] | undefined,
  config: Config,
): Promise<[string, string][]> {
  if (!record.provider || !isProviderId(record.provider)) {
    throw new UsageError(`cannot re-sign a request from ${record.provider ?? "an unknown sender"}`, "replay it byte-identical (without --resign)");
  }
  const provider = await loadProvider(record.provider);
  const signer = await signerFor(provider, secrets, config);
  const signed = signer.sign(body, { now: new Date(), random: createRandom(), options: {} });
  const replaced = new Set(Object.keys(signed).map((k) => k.toLowerCase()));
  return [...endToEndHeaders(record.headers).filter(([name]) => !replaced.has(name.toLowerCase())), ...Object.entries(signed)];
}

/**
 * A recorded request as it is sent again, the one rule of `wh-sim replay`, the inspector and MCP:
 * "exact", the recorded bytes and headers (a stale signature stays stale); "resign", the same body
 * signed now with `secrets`; "edited", another body signed now.
 */
export async function replayedRequest(
  record: RecordedRequest,
  how: { mode: "exact" | "resign" | "edited"; body?: string | undefined; secrets: readonly string[] | undefined; config: Config },
): Promise<{ body: Buffer; headers: [string, string][] }> {
  const body = how.mode === "edited" ? Buffer.from(how.body ?? "") : Buffer.from(record.body, "base64");
  const headers = how.mode === "exact" ? endToEndHeaders(record.headers) : await resignedHeaders(record, body.toString("utf8"), how.secrets, how.config);
  return { body, headers };
}
