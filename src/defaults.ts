/** What `wh-sim listen`, `demo` and the library's listener do unless told otherwise. */
export const LISTEN_DEFAULTS = {
  /** Loopback only: a webhook receiver on all interfaces must be asked for. */
  host: "127.0.0.1",
  port: 4242,
  status: 200,
  delayMs: 0,
  failRate: 0,
  maxBody: 10 * 1024 * 1024,
  /** How long to wait for the app when forwarding (providers give up after about 10 s). */
  forwardTimeoutMs: 10_000,
  /** Slow clients (slowloris) are answered 408 after this long. */
  requestTimeoutMs: 30_000,
} as const;

/** What every delivery does unless told otherwise, whichever front end asked for it (CLI, library, MCP, run files, the listener). */
export const SEND_DEFAULTS = {
  /** The status that counts as delivered. */
  expect: "2xx",
  /** How long to wait for the receiver's answer (providers give up after about 10 s). */
  timeoutMs: 10_000,
  concurrency: 1,
} as const;

/** A listener's health path: 200 once it answers (a container's HEALTHCHECK, `wh-sim health`). */
export const HEALTH_PATH = "/_wh-sim/health";

/** Where `trigger` sends by default: a `wh-sim listen` with its defaults. */
export const DEFAULT_URL = `http://localhost:${LISTEN_DEFAULTS.port}/webhook`;

/**
 * A recorded path and query on a default `wh-sim listen`, built structurally: whatever a recording
 * says, it can only ever become the path and query, never the host (`@evil:80/x`, `//evil/x`).
 */
export function onDefaultListener(pathAndQuery: string): string {
  const url = new URL(DEFAULT_URL);
  const query = pathAndQuery.indexOf("?");
  url.pathname = query < 0 ? pathAndQuery : pathAndQuery.slice(0, query);
  url.search = query < 0 ? "" : pathAndQuery.slice(query);
  return url.href;
}
