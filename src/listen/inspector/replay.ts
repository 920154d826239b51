import type { Config } from "../../config.js";
import { deliver } from "../../http/deliver.js";
import { WhSimError } from "../../lib/errors.js";
import { replayedRequest } from "../../recording/resign.js";
import type { ReplayRequest, ReplayResult } from "./http.js";
import type { InspectedRequest } from "./store.js";

export interface ReplaySettings {
  /** Where a replay goes when the page names no URL: the listener itself (which forwards it, if it forwards). */
  readonly defaultUrl: (path: string) => string;
  /** A re-signed replay uses the secrets the listener verifies with. */
  readonly secretsFor: (provider: string) => readonly string[] | undefined;
  readonly config: Config;
  readonly timeoutMs: number;
}

/**
 * A request sent again from the inspector: byte-identical (the same headers, so a stale signature
 * stays stale), or re-signed now as its provider signs, with the same or an edited body.
 */
export async function replayInspected(entry: InspectedRequest, request: ReplayRequest, settings: ReplaySettings): Promise<ReplayResult> {
  const url = request.url || settings.defaultUrl(entry.record.path);
  const { record } = entry;
  try {
    const { body, headers } = await replayedRequest(record, {
      mode: request.mode,
      body: request.body,
      secrets: record.provider ? settings.secretsFor(record.provider) : undefined,
      config: settings.config,
    });
    const answer = await deliver({ url, body, headers: Object.fromEntries(headers), timeoutMs: settings.timeoutMs });
    return { url, status: answer.status, durationMs: answer.durationMs, body: answer.body };
  } catch (error) {
    if (error instanceof WhSimError) return { url, error: error.message, ...(error.hint ? { hint: error.hint } : {}) };
    throw error;
  }
}
