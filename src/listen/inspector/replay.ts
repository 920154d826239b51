import type { Config } from "../../config.js";
import { signerFor } from "../../credentials.js";
import { prepareDelivery } from "../../delivery.js";
import { deliver } from "../../http/deliver.js";
import { endToEndHeaders, headerMap } from "../../http/hop-by-hop.js";
import { WhSimError } from "../../lib/errors.js";
import { isProviderId, loadProvider } from "../../providers/registry.js";
import type { ReplayRequest, ReplayResult } from "./http.js";
import type { InspectedRequest } from "./store.js";

export interface ReplaySettings {
  /** Where a replay goes when the page names no URL: the listener itself (which forwards it, if it forwards). */
  readonly defaultUrl: (path: string) => string;
  /** The `--secret provider=…` flags: a re-signed replay uses the secrets the listener verifies with. */
  readonly secretsFor: (provider: string) => string[] | undefined;
  readonly config: Config;
  readonly timeoutMs: number;
}

/**
 * A request sent again from the inspector: byte-identical (the same headers, so a stale signature
 * stays stale), or re-signed now as its provider signs, with the same or an edited body.
 */
export async function replayInspected(entry: InspectedRequest, request: ReplayRequest, settings: ReplaySettings): Promise<ReplayResult> {
  const url = request.url || settings.defaultUrl(entry.record.path);
  const original = Buffer.from(entry.record.body, "base64");
  try {
    let body: string | Uint8Array = original;
    let headers = headerMap(endToEndHeaders(entry.record.headers).filter(([name]) => !/^(host|content-length)$/i.test(name)));
    if (request.mode !== "exact") {
      const id = entry.record.provider;
      if (!id || !isProviderId(id))
        return { url, error: "wh-sim does not know which provider sent this request, so it cannot sign it again", hint: "replay it byte-identical" };
      const provider = await loadProvider(id);
      const text = request.mode === "edited" ? (request.body ?? "") : original.toString("utf8");
      const options = {};
      const signer = await signerFor(provider, settings.secretsFor(id), settings.config);
      const prepared = await prepareDelivery(provider, {
        choice: { name: entry.record.event ?? "replay" },
        signer,
        options,
        now: new Date(),
        customBody: text,
      });
      body = prepared.body;
      headers = prepared.headers;
    }
    const answer = await deliver({ url, body, headers, timeoutMs: settings.timeoutMs });
    return { url, status: answer.status, durationMs: answer.durationMs, body: answer.body };
  } catch (error) {
    if (error instanceof WhSimError) return { url, error: error.message, ...(error.hint ? { hint: error.hint } : {}) };
    throw error;
  }
}
