import { startListener, type ReceivedRequest } from "../listen/server.js";
import { setUpApis } from "../listen/api.js";
import { fireEvents } from "../listen/fire.js";
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

/** What `waitFor` looks for: every key given must hold. */
export interface WaitMatch {
  provider?: string;
  event?: string;
  /** The event's id (`evt_…`, a Plaid `webhook_code`'s item delivery id, …). */
  id?: string;
  /** The request's path, without its query. */
  path?: string;
  verdict?: VerdictView["status"];
  /** Any other test of the request. */
  where?: (request: Received) => boolean;
  timeoutMs?: number;
}

const MATCH_KEYS = ["provider", "event", "id", "path", "verdict", "where", "timeoutMs"];

export interface Hook {
  /** `http://127.0.0.1:<port>`: send webhooks to any path under it. */
  url: string;
  /** Everything received so far, oldest first. */
  received: Received[];
  /**
   * The first matching request that no earlier `waitFor` returned, in arrival order (already
   * received, or the next to arrive): two calls for the same event give the first, then the
   * second. Rejects after `timeoutMs` (default 5000), saying what did arrive.
   */
  waitFor(match?: WaitMatch | ((request: Received) => boolean)): Promise<Received>;
  close(): Promise<void>;
}

/** An in-process `wh-sim listen` for a test suite: a free port, every provider verified, nothing printed. */
export async function listen(options: HookOptions = {}): Promise<Hook> {
  const specs = Object.entries(options.secrets ?? {}).flatMap(([provider, secrets]) => [secrets ?? []].flat().map((s) => `${provider}=${s}`));
  const verifiers = await setUpVerifiers(specs, {});
  // Provider APIs too (Plaid's), so the handler under test can call back; the webhooks they cause go out as trigger sends them.
  const apis = await setUpApis(
    verifiers.providers,
    fireEvents(
      (id) => verifiers.known.find((k) => k.provider.id === id)?.verify?.secrets,
      () => undefined,
    ),
  );
  const received: Received[] = [];
  // Each request is given to one waitFor at most: a second call for the same event waits for the second.
  const given = new WeakSet<Received>();
  const waiters: { matches: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  const listener = await startListener({
    port: options.port ?? 0,
    ...(options.host ? { host: options.host } : {}),
    ...(options.forwardTo ? { forwardTo: options.forwardTo } : {}),
    ...(options.status ? { status: options.status } : {}),
    known: verifiers.known,
    routes: verifiers.routes,
    apis,
    onRequest: (r: ReceivedRequest) => {
      const request = toReceived(r);
      received.push(request);
      const waiter = waiters.find((w) => w.matches(request));
      if (waiter) {
        waiters.splice(waiters.indexOf(waiter), 1);
        given.add(request);
        waiter.resolve(request);
      }
    },
  });
  return {
    url: listener.url,
    received,
    waitFor(match = {}) {
      const { timeoutMs = 5000, ...wanted } = typeof match === "function" ? { where: match } : checkMatch(match);
      const matches = (r: Received) =>
        (wanted.provider === undefined || r.provider === wanted.provider) &&
        (wanted.event === undefined || r.event === wanted.event) &&
        (wanted.id === undefined || r.id === wanted.id) &&
        (wanted.path === undefined || r.path.split("?")[0] === wanted.path) &&
        (wanted.verdict === undefined || r.verdict.status === wanted.verdict) &&
        (wanted.where === undefined || wanted.where(r));
      const seen = received.find((r) => !given.has(r) && matches(r));
      if (seen) {
        given.add(seen);
        return Promise.resolve(seen);
      }
      const what = [wanted.provider, wanted.event, wanted.id, wanted.path, wanted.verdict, wanted.where ? "(a predicate)" : undefined]
        .filter(Boolean)
        .join(" ");
      return new Promise<Received>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(
            new Error(
              `no ${what ? `${what} ` : ""}request${received.some(given.has, given) ? " not already returned" : ""} within ${timeoutMs} ms (received: ${
                received.map((r) => `${r.event ?? r.path}${r.id ? ` ${r.id}` : ""}${given.has(r) ? " (returned earlier)" : ""}`).join(", ") || "nothing"
              })`,
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

/** An unknown key would be silently ignored, and the wait would match anything: say so instead. */
function checkMatch(match: WaitMatch): WaitMatch {
  for (const key of Object.keys(match)) {
    if (!MATCH_KEYS.includes(key)) throw new TypeError(`waitFor: unknown key "${key}"; it takes ${MATCH_KEYS.join(", ")}`);
  }
  return match;
}
