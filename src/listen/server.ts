import { monotonicMs } from "../lib/clock.js";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createRelay } from "../http/forward.js";
import { onClientError } from "./connection-errors.js";
import { handle } from "./request.js";
import type { Connection, Exchange, HandlerContext, ListenerOptions, ReceivedRequest, Settings } from "./types.js";
import { UsageError } from "../lib/errors.js";
import { LISTEN_DEFAULTS } from "../defaults.js";
import { createCallerGuard } from "./browser-guard.js";

export interface Listener {
  url: string;
  port: number;
  server: Server;
  /**
   * Stops accepting, gives requests in flight `graceMs` to finish, then answers the rest 503
   * (a pending forward is abandoned) and closes every connection.
   */
  close(graceMs?: number): Promise<void>;
}

/** How many connections a relay keeps open to the app, however many senders arrive at once. */
const RELAY_CONNECTIONS = 128;

/** A receiver that never re-serialises: it keeps the raw bytes, inspects them, answers, reports each request once. */
export async function startListener(given: ListenerOptions): Promise<Listener> {
  const options: Settings = { ...LISTEN_DEFAULTS, ...withoutUndefined(given) };
  const now = options.now ?? (() => new Date());
  const relay = options.forwardTo ? await createRelay(options.forwardTo, { connections: RELAY_CONNECTIONS, timeoutMs: options.forwardTimeoutMs }) : undefined;
  const connections = new WeakMap<Socket, Connection>();
  const connectionOf = (socket: Socket): Connection => {
    let c = connections.get(socket);
    if (!c) connections.set(socket, (c = { owed: [], failed: false, idleAt: 0, servesPages: false }));
    return c;
  };
  // Requests begun and not yet reported (each has its `req`; an error Node raised before a request has none): `close` waits for them.
  let open = 0;
  let drained: (() => void) | undefined;
  const allReported = () => (open === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve)));
  let stopping = false;

  // Built field by field, not spread: the listener makes one for every request.
  const report = (exchange: Exchange, rest: Omit<ReceivedRequest, "time" | "method" | "path" | "headers" | "durationMs">) => {
    if (exchange.reported) return;
    exchange.reported = true;
    if (exchange.req && --open === 0) drained?.();
    const { time, method, path, headers, started } = exchange;
    const request: ReceivedRequest = {
      time,
      method,
      path,
      headers,
      durationMs: Math.round(monotonicMs() - started),
      body: rest.body,
      size: rest.size,
      status: rest.status,
    };
    if (rest.inspection) request.inspection = rest.inspection;
    if (rest.note !== undefined) request.note = rest.note;
    if (rest.api) request.api = rest.api;
    if (rest.forwarded) request.forwarded = rest.forwarded;
    options.onRequest(request);
  };
  const context: HandlerContext = { options, now, relay, report, connectionOf, isStopping: () => stopping, track: () => void open++ };

  const requestTimeout = options.requestTimeoutMs;
  // requireHostHeader: Node would answer a Host-less HTTP/1.1 request 400 itself, unseen; wh-sim answers it 400 and shows it.
  const serverOptions = {
    requestTimeout,
    headersTimeout: requestTimeout,
    connectionsCheckingInterval: Math.min(1000, requestTimeout / 2),
    requireHostHeader: false,
  };
  const server = createServer(serverOptions, (req, res) => {
    if (options.intercept?.(req, res)) return void (connectionOf(req.socket).servesPages = true);
    handle(req, res, context);
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => onClientError(error, socket, context));
  // A sender that half-closes after its request (shutdown(SHUT_WR)) still gets its answer: Node would drop it.
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(new UsageError(`port ${options.port} on ${options.host} is already in use`, `try --port ${options.port + 1}, or --port 0 for any free port`));
      } else if (error.code === "EACCES") {
        reject(new UsageError(`not allowed to listen on port ${options.port}`, "use a port above 1023"));
      } else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") {
        reject(
          new UsageError(
            `cannot listen on ${options.host}: this machine has no such address`,
            "use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (all interfaces)",
          ),
        );
      } else reject(error);
    });
    // A deep accept queue: a burst of senders waits in the kernel rather than being reset.
    server.listen({ port: options.port, host: options.host, backlog: 4096 }, () => resolve());
  });
  // Once listening, a failed accept (out of file descriptors) is a warning, never a crash.
  let warnedAccept = false;
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (warnedAccept) return;
    warnedAccept = true;
    const limit = error.code === "EMFILE" || error.code === "ENFILE" ? " (out of file descriptors: raise `ulimit -n`)" : "";
    options.onWarning?.(`cannot accept a connection: ${error.code ?? error.message}${limit}; connections beyond the limit are refused`);
  });
  const { port } = server.address() as AddressInfo;
  // Webhook paths and provider APIs answer senders, never a web page (DNS rebinding, cross-site posts).
  context.refuse = createCallerGuard({ boundHost: options.host, port, allowedHosts: options.allowedHosts ?? [] });
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    async close(graceMs = 2000) {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (open > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([allReported(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
        clearTimeout(timer);
      }
      // Past the grace period: abandon forwards (their senders get 503), then wait for those answers.
      await relay?.destroy();
      await allReported();
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Options left undefined (an unset flag) take the default rather than erase it. */
function withoutUndefined<T extends object>(options: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
