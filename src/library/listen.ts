import { startListener, type ReceivedRequest } from "../listen/server.js";
import { setUpApis } from "../listen/api.js";
import { fireEvents } from "../listen/fire.js";
import { setUpVerifiers } from "../listen/setup.js";
import { worldWritten } from "../world.js";
import { receivedLog, type Received, type WaitMatch } from "./received-log.js";
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
  /** About how many bytes of what arrived are kept for `received` and `waitFor` (default 128 MB); the oldest go first. */
  memoryBytes?: number;
}

export type { Received, WaitMatch } from "./received-log.js";

export interface Hook {
  /** `http://127.0.0.1:<port>`: send webhooks to any path under it. */
  url: string;
  /** Everything received so far, oldest first (within `memoryBytes`: see `dropped`). */
  received: Received[];
  /** How many of the oldest were dropped to stay within `memoryBytes`. */
  readonly dropped: number;
  /**
   * The first matching request that no earlier `waitFor` returned, in arrival order (already
   * received, or the next to arrive): two calls for the same event give the first, then the
   * second. Rejects after `timeoutMs` (default 5000), saying what did arrive.
   */
  waitFor(match?: WaitMatch | ((request: Received) => boolean)): Promise<Received>;
  /** Each provider's secret or key as the listener verifies with it (a test secret in full, yours masked). */
  secrets: { provider: string; shown: string }[];
  /** The secrets it verifies a provider with, in full: a replay re-signed with them verifies here (and at an app that shares them). */
  signingSecrets(provider: string): readonly string[] | undefined;
  /** Where it relays every request (`forwardTo`), if anywhere. */
  forwardTo?: string;
  close(): Promise<void>;
}

/** An in-process `wh-sim listen` for a test suite: a free port, every provider verified, nothing printed. */
export async function listen(options: HookOptions = {}): Promise<Hook> {
  const specs = Object.entries(options.secrets ?? {}).flatMap(([provider, secrets]) => [secrets ?? []].flat().map((s) => `${provider}=${s}`));
  const verifiers = await setUpVerifiers(specs, {});
  // Provider APIs too (Plaid's), so the handler under test can call back; the webhooks they cause go out as trigger sends them.
  const secretsFor = (id: string) => verifiers.known.find((k) => k.provider.id === id)?.verify?.secrets;
  const apis = await setUpApis(
    verifiers.providers,
    fireEvents(secretsFor, () => undefined, options.forwardTo),
    { secretsFor },
  );
  const log = receivedLog(options.memoryBytes);
  const listener = await startListener({
    port: options.port ?? 0,
    ...(options.host ? { host: options.host } : {}),
    ...(options.forwardTo ? { forwardTo: options.forwardTo } : {}),
    ...(options.status ? { status: options.status } : {}),
    known: verifiers.known,
    routes: verifiers.routes,
    apis,
    onRequest: (r: ReceivedRequest) => log.add(r),
  });
  return {
    url: listener.url,
    received: log.received,
    get dropped() {
      return log.dropped;
    },
    waitFor: (match) => log.waitFor(match),
    secrets: verifiers.secrets.map(({ provider, shown }) => ({ provider, shown })),
    signingSecrets: secretsFor,
    ...(options.forwardTo ? { forwardTo: options.forwardTo } : {}),
    close: async () => {
      await listener.close(0);
      await worldWritten();
    },
  };
}
