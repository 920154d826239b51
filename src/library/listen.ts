import { openListener, type ListenerView } from "../listen/session.js";
import type { ProviderId } from "../providers/types.js";

export interface HookOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Secrets to verify with, by provider (default: the environment, then the built-in test secrets). */
  secrets?: Partial<Record<ProviderId, string | string[]>>;
  /** Relay every request to your app and answer with its answer. */
  forwardTo?: string;
  /** What to answer when not forwarding (default 200). */
  status?: number;
  /** About how many bytes of what arrived are kept for `received` and `waitFor` (default 16 MB); the oldest go first. */
  memoryBytes?: number;
}

export type { Received, WaitMatch } from "../listen/received-log.js";

/**
 * An in-process listener: `url` (send webhooks to any path under it), `received` (oldest first,
 * within `memoryBytes`: see `dropped`), `waitFor` (the first matching request that no earlier
 * `waitFor` returned, in arrival order: already received, or the next to arrive; rejects after
 * `timeoutMs`, default 5000, saying what did arrive), `secrets` (as the banner shows them),
 * `signingSecrets(provider)` (in full: a replay re-signed with them verifies here), `forwardTo`,
 * `next` (the `seq` the next request will have: `waitFor({ after })`), `reset(providers?)` (forget
 * what arrived and what the offline APIs learnt, so each test starts clean).
 */
export interface Hook extends ListenerView {
  close(): Promise<void>;
}

/** An in-process `wh-sim listen` for a test suite: a free port, every provider verified, nothing printed. */
export async function listen(options: HookOptions = {}): Promise<Hook> {
  const secrets = Object.entries(options.secrets ?? {}).flatMap(([provider, given]) => [given ?? []].flat().map((s) => `${provider}=${s}`));
  const session = await openListener({
    port: options.port ?? 0,
    host: options.host,
    secrets,
    forwardTo: options.forwardTo,
    status: options.status,
    memoryBytes: options.memoryBytes,
  });
  return {
    url: session.url,
    webhookUrl: session.webhookUrl,
    received: session.received,
    get dropped() {
      return session.dropped;
    },
    get next() {
      return session.next;
    },
    verifiers: session.verifiers,
    reset: (providers) => session.reset(providers),
    waitFor: (match) => session.waitFor(match),
    secrets: session.secrets,
    signingSecrets: session.signingSecrets,
    ...(session.forwardTo ? { forwardTo: session.forwardTo } : {}),
    close: async () => void (await session.close(0)),
  };
}
