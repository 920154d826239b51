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

/** Where `trigger` sends by default: a `wh-sim listen` with its defaults. */
export const DEFAULT_URL = `http://localhost:${LISTEN_DEFAULTS.port}/webhook`;
