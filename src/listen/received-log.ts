import { BoundedLog, DEFAULT_RECEIVED_BYTES } from "../lib/bounded-log.js";
import type { Received, ReceivedRequest, WaitMatch } from "./types.js";

export type { Received, WaitMatch } from "./types.js";

const MATCH_KEYS = ["provider", "event", "id", "path", "verdict", "kind", "after", "where", "timeoutMs"];

/** Whether a request is what a match (without its wait settings) asks for: the one rule for waits and lists. */
export function matches(r: Received, wanted: Omit<WaitMatch, "timeoutMs">): boolean {
  return (
    (wanted.provider === undefined || r.provider === wanted.provider) &&
    (wanted.event === undefined || r.event === wanted.event) &&
    (wanted.id === undefined || r.id === wanted.id) &&
    (wanted.path === undefined || r.path.split("?")[0] === wanted.path) &&
    (wanted.verdict === undefined || r.verdict.status === wanted.verdict) &&
    (wanted.kind === undefined || r.kind === wanted.kind) &&
    (wanted.after === undefined || r.seq > wanted.after) &&
    (wanted.where === undefined || wanted.where(r))
  );
}

/**
 * What a listener received, kept for those who wait for it (a test's `waitFor`, an agent's
 * `wait_for`): each request is given to one wait at most, in arrival order.
 */
export function receivedLog(memoryBytes = DEFAULT_RECEIVED_BYTES, { keeping = true } = {}) {
  // Off until something may read it (`keep()`): a listener nobody queries keeps nothing, and pays nothing.
  let active = keeping;
  // Within a byte budget, the oldest dropped first: a long-lived listener is not grown by every body.
  const log = new BoundedLog<Received>(memoryBytes);
  const received = log.items;
  const given = new WeakSet<Received>();
  const waiters: { matches: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  const nextSeq = () => log.dropped + received.length + 1;
  return {
    received,
    /** How many of the oldest were dropped to stay within the budget: request n is `received[n - 1 - dropped]`. */
    get dropped() {
      return log.dropped;
    },
    /** The number the next request will have. */
    get next() {
      return nextSeq();
    },
    /** From now on, what arrives is kept (it may have been off: see `keeping`). */
    keep(): void {
      active = true;
    },
    /** Forgets what arrived (a reset between tests); numbering goes on. */
    clear(): void {
      log.clear();
    },
    add(r: ReceivedRequest): void {
      if (!active) return;
      const request = toReceived(r, nextSeq());
      log.push(request, request.body.length + request.headers.reduce((n, [k, v]) => n + k.length + v.length, 0) + 512);
      const waiter = waiters.find((w) => w.matches(request));
      if (waiter) {
        waiters.splice(waiters.indexOf(waiter), 1);
        given.add(request);
        waiter.resolve(request);
      }
    },
    /** The first matching request no earlier wait returned (already here, or the next to come); rejects after `timeoutMs`. */
    waitFor(match: WaitMatch | ((request: Received) => boolean) = {}): Promise<Received> {
      const { timeoutMs = 5000, ...wanted } = typeof match === "function" ? { where: match } : checkMatch(match);
      const fits = (r: Received) => matches(r, wanted);
      // With `after`, the request's place decides, not what earlier waits were given.
      const free = (r: Received) => wanted.after !== undefined || !given.has(r);
      const seen = received.find((r) => free(r) && fits(r));
      if (seen) {
        given.add(seen);
        return Promise.resolve(seen);
      }
      const what = [wanted.provider, wanted.event, wanted.id, wanted.path, wanted.verdict, wanted.kind, wanted.where ? "(a predicate)" : undefined]
        .filter(Boolean)
        .join(" ");
      return new Promise<Received>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(
            new WaitTimeoutError(
              received.filter((r) => wanted.after === undefined || r.seq > wanted.after),
              `no ${wanted.after === undefined && received.some(given.has, given) ? "new " : ""}${what ? `${what} ` : ""}request${wanted.after === undefined ? "" : ` after request ${wanted.after}`} within ${timeoutMs} ms (received: ${
                received.map((r) => `${r.event ?? r.path}${r.id ? ` ${r.id}` : ""}${given.has(r) ? " (returned earlier)" : ""}`).join(", ") || "nothing"
              })`,
            ),
          );
        }, timeoutMs);
        const waiter = {
          matches: fits,
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

/** No matching request came in time: what did arrive is with it (the control plane answers 408 with it). */
export class WaitTimeoutError extends Error {
  constructor(
    readonly arrived: readonly Received[],
    message: string,
  ) {
    super(message);
  }
}

/** An unknown key would be silently ignored, and the wait would match anything: say so instead. */
function checkMatch(match: WaitMatch): WaitMatch {
  for (const key of Object.keys(match)) {
    if (!MATCH_KEYS.includes(key)) throw new TypeError(`waitFor: unknown key "${key}"; it takes ${MATCH_KEYS.join(", ")}`);
  }
  return match;
}

function toReceived(r: ReceivedRequest, seq: number): Received {
  const i = r.inspection;
  return {
    seq,
    time: r.time,
    kind: r.api ? "api" : "webhook",
    method: r.method,
    path: r.path,
    headers: r.headers,
    // A copy: the request's bytes may be a slice of the socket's read buffer, which keeping it would keep whole.
    body: Buffer.from(r.body),
    provider: i?.provider ?? r.api?.provider,
    event: i?.event,
    id: i?.id,
    verdict: i?.verdict ?? { status: "unchecked", message: r.note ?? "no known signature header" },
    status: r.status,
  };
}
