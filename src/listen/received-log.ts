import type { VerdictView } from "./inspect.js";
import { BoundedLog, DEFAULT_MEMORY_BYTES } from "../lib/bounded-log.js";
import type { ReceivedRequest } from "./types.js";

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

/**
 * What a listener received, kept for those who wait for it (a test's `waitFor`, an agent's
 * `wait_for`): each request is given to one wait at most, in arrival order.
 */
export function receivedLog(memoryBytes = DEFAULT_MEMORY_BYTES) {
  // Within a byte budget, the oldest dropped first: a long-lived listener is not grown by every body.
  const log = new BoundedLog<Received>(memoryBytes);
  const received = log.items;
  const given = new WeakSet<Received>();
  const waiters: { matches: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  return {
    received,
    /** How many of the oldest were dropped to stay within the budget: request n is `received[n - 1 - dropped]`. */
    get dropped() {
      return log.dropped;
    },
    add(r: ReceivedRequest): Received {
      const request = toReceived(r);
      log.push(request, request.body.length + request.headers.reduce((n, [k, v]) => n + k.length + v.length, 0) + 512);
      const waiter = waiters.find((w) => w.matches(request));
      if (waiter) {
        waiters.splice(waiters.indexOf(waiter), 1);
        given.add(request);
        waiter.resolve(request);
      }
      return request;
    },
    /** The first matching request no earlier wait returned (already here, or the next to come); rejects after `timeoutMs`. */
    waitFor(match: WaitMatch | ((request: Received) => boolean) = {}): Promise<Received> {
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
              `no ${received.some(given.has, given) ? "new " : ""}${what ? `${what} ` : ""}request within ${timeoutMs} ms (received: ${
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
  };
}

/** An unknown key would be silently ignored, and the wait would match anything: say so instead. */
function checkMatch(match: WaitMatch): WaitMatch {
  for (const key of Object.keys(match)) {
    if (!MATCH_KEYS.includes(key)) throw new TypeError(`waitFor: unknown key "${key}"; it takes ${MATCH_KEYS.join(", ")}`);
  }
  return match;
}

function toReceived(r: ReceivedRequest): Received {
  const i = r.inspection;
  return {
    method: r.method,
    path: r.path,
    headers: r.headers,
    body: r.body,
    provider: i?.provider ?? r.api?.provider,
    event: i?.event,
    id: i?.id,
    verdict: i?.verdict ?? { status: "unchecked", message: r.note ?? "no known signature header" },
    status: r.status,
  };
}
