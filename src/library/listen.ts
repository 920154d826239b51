import { startListener, type ReceivedRequest } from "../listen/server.js";
import { setUpVerifiers } from "../listen/setup.js";
import type { VerdictView } from "../listen/inspect.js";
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
}

/** A request the hook received: what arrived, who sent it, and whether its signature holds. */
export interface Received {
  method: string;
  path: string;
  headers: [string, string][];
  body: Buffer;
  provider: string | undefined;
  event: string | undefined;
  id: string | undefined;
  verdict: VerdictView;
  /** The status answered; null when no answer reached the sender. */
  status: number | null;
}

export interface Hook {
  /** `http://127.0.0.1:<port>`: send webhooks to any path under it. */
  url: string;
  /** Everything received so far, oldest first. */
  received: Received[];
  /** The first request (already received, or the next) that matches; rejects after `timeoutMs` (default 5000). */
  waitFor(match?: { provider?: string; event?: string; timeoutMs?: number }): Promise<Received>;
  close(): Promise<void>;
}

/** An in-process `wh-sim listen` for a test suite: a free port, every provider verified, nothing printed. */
export async function listen(options: HookOptions = {}): Promise<Hook> {
  const specs = Object.entries(options.secrets ?? {}).flatMap(([provider, secrets]) => [secrets ?? []].flat().map((s) => `${provider}=${s}`));
  const verifiers = await setUpVerifiers(specs, {});
  const received: Received[] = [];
  const waiters: { matches: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  const listener = await startListener({
    port: options.port ?? 0,
    ...(options.host ? { host: options.host } : {}),
    ...(options.forwardTo ? { forwardTo: options.forwardTo } : {}),
    ...(options.status ? { status: options.status } : {}),
    known: verifiers.known,
    routes: verifiers.routes,
    onRequest: (r: ReceivedRequest) => {
      const request = toReceived(r);
      received.push(request);
      for (const waiter of waiters.filter((w) => w.matches(request))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(request);
      }
    },
  });
  return {
    url: listener.url,
    received,
    waitFor({ provider, event, timeoutMs = 5000 } = {}) {
      const matches = (r: Received) => (provider === undefined || r.provider === provider) && (event === undefined || r.event === event);
      const seen = received.find(matches);
      if (seen) return Promise.resolve(seen);
      return new Promise<Received>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(
            new Error(
              `no ${[provider, event].filter(Boolean).join(" ") || "request"} within ${timeoutMs} ms (received: ${received.map((r) => r.event ?? r.path).join(", ") || "nothing"})`,
            ),
          );
        }, timeoutMs);
        const waiter = {
          matches,
          resolve: (r: Received) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        waiters.push(waiter);
      });
    },
    close: () => listener.close(0),
  };
}

function toReceived(r: ReceivedRequest): Received {
  const i = r.inspection;
  return {
    method: r.method,
    path: r.path,
    headers: r.headers,
    body: r.body,
    provider: i?.provider,
    event: i?.event,
    id: i?.id,
    verdict: i?.verdict ?? { status: "unchecked", message: r.note ?? "no known signature header" },
    status: r.status,
  };
}
