import { monotonicMs } from "../lib/clock.js";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createRelay, type Relay } from "../http/forward.js";
import { headerMap, headerPairs } from "../http/hop-by-hop.js";
import { classifyNetworkError } from "../http/network-error.js";
import { onClientError, type Connection, type ConnectionContext, type Exchange } from "./connection-errors.js";
import { answer, observeWebhook, providerRouteFor, send } from "./routes.js";
import { UsageError } from "../lib/errors.js";
import type { CompanionRoute } from "../providers/types.js";
import type { ListenerApi } from "./api.js";
import { LISTEN_DEFAULTS } from "./defaults.js";
import { inspectRequest, type Inspection, type KnownProvider } from "./inspect.js";

/** What a listener needs; every other setting, when absent or undefined, takes its default from `LISTEN_DEFAULTS`. */
export interface ListenerOptions extends Unset<ListenerSettings> {
  known: readonly KnownProvider[];
  routes: readonly CompanionRoute[];
  /** Provider APIs answered on the listener's port (Plaid's): their calls are reported with `api`, never as webhooks. */
  apis?: readonly ListenerApi[];
  /** Called exactly once per request, after its answer was sent (or could not be). */
  onRequest(request: ReceivedRequest): void;
  /** Requests this answers (true) are the listener's own pages, never reported as webhooks (the inspector). */
  intercept?(req: IncomingMessage, res: ServerResponse): boolean;
  /** Something the user should know that is not a request (e.g. the machine ran out of file descriptors). */
  onWarning?(message: string): void;
  /** A number in [0, 1) for --fail-rate; injectable for tests. */
  chance?: () => number;
  now?: () => Date;
}

type ListenerSettings = { -readonly [K in keyof typeof LISTEN_DEFAULTS]: (typeof LISTEN_DEFAULTS)[K] extends string ? string : number } & {
  /** Only this path is treated as the webhook endpoint; others get 404 (and are still shown). */
  path?: string;
  forwardTo?: string;
};

type Unset<T> = { [K in keyof T]?: T[K] | undefined };
type Settings = ListenerSettings & Omit<ListenerOptions, keyof ListenerSettings>;

export interface ReceivedRequest {
  time: Date;
  method: string;
  path: string;
  headers: [string, string][];
  body: Buffer;
  size: number;
  inspection?: Inspection;
  /** The status sent, or null when no answer reached the sender (it hung up, or the listener stopped). */
  status: number | null;
  durationMs: number;
  /** What happened besides a normal delivery: too large, wrong path, companion route, app down… */
  note?: string;
  /** A call to a provider's API (or a route serving one): which, what about, and the provider's error code. */
  api?: { provider: string; endpoint: string; subject?: string; error?: string };
  /** The app's side when forwarding: its status and time, and its body when it did not answer 2xx. */
  forwarded?: { status: number; durationMs: number; body?: string } | { error: string };
}

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
/** What a request that is still in flight when the listener stops gets. */
const STOPPING = { status: 503, text: "wh-sim listen is stopping\n" };

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

export interface HandlerContext extends ConnectionContext {
  options: Settings;
  relay: Relay | undefined;
  isStopping: () => boolean;
  /** A request has begun: it is open until reported. */
  track: () => void;
}

/**
 * One request, through callbacks rather than promises: the usual delivery is read, checked, answered
 * and reported without a promise or a listener of its own (each cost the listener measurably under
 * load); forwarding, --delay and the provider routes wait as they must.
 */
function handle(req: IncomingMessage, res: ServerResponse, context: HandlerContext): void {
  const { options, now, report } = context;
  const exchange: Exchange = {
    req,
    time: now(),
    started: monotonicMs(),
    method: req.method ?? "GET",
    path: req.url ?? "/",
    headers: headerPairs(req.rawHeaders),
    reported: false,
  };
  context.track();
  const connection = context.connectionOf(req.socket);
  owe(connection, res);
  connection.reading = exchange;
  // A bug in wh-sim: answer and report it once, rather than crash or report twice.
  const failed = (error: unknown) => {
    if (exchange.reported) throw error;
    answer(res, 500, "wh-sim listener error\n", undefined, (status) =>
      report(exchange, { body: Buffer.alloc(0), size: 0, status, note: `listener error: ${(error as Error).message}` }),
    );
  };
  readBody(req, options.maxBody, (read) => {
    if (connection.reading === exchange) connection.reading = undefined;
    connection.idleAt = req.socket.bytesRead;
    if (read.aborted) {
      // A malformed body is answered and reported by onClientError (first); a sender that hung up gets nothing.
      const declared = req.headers["content-length"];
      const note = `the sender closed the connection before the body was complete (${read.size}${declared ? ` of ${declared}` : ""} bytes): not answered`;
      return void setImmediate(() => report(exchange, { body: read.body, size: read.size, status: null, note }));
    }
    try {
      respond(res, exchange, read, context)?.catch(failed);
    } catch (error) {
      failed(error);
    }
  });
}

/** Keeps the answers a connection still owes, in order (pipelining), dropping those already given. */
function owe(connection: Connection, res: ServerResponse): void {
  const owed = connection.owed;
  while (owed.length > 0 && (owed[0]!.writableFinished || owed[0]!.destroyed)) owed.shift();
  owed.push(res);
}

/** Answers the request: at once for the usual delivery, with a promise when it must wait (forward, delay, an API). */
function respond(res: ServerResponse, exchange: Exchange, read: BodyRead, context: HandlerContext): Promise<void> | undefined {
  const { options, now, report } = context;
  if (read.tooLarge) {
    const note = `body over --max-body (${options.maxBody} bytes): not kept`;
    return void answer(res, 413, `body over ${options.maxBody} bytes\n`, { connection: "close" }, (status) =>
      report(exchange, { body: Buffer.alloc(0), size: read.size, status, note }),
    );
  }
  const body = read.body;
  if (exchange.req?.httpVersion === "1.1" && exchange.req.headers.host === undefined) {
    // RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without Host (Node would, unseen).
    const note = "HTTP/1.1 request without a Host header: answered 400 (RFC 9112 §3.2)";
    return void answer(res, 400, "HTTP/1.1 requests must carry a Host header\n", { connection: "close" }, (status) =>
      report(exchange, { body, size: body.length, status, note }),
    );
  }
  const map = headerMap(exchange.headers);
  const pathname = pathOf(exchange.path);
  const providerRoute = providerRouteFor(exchange, { body, map, pathname }, context);
  if (providerRoute) return providerRoute(res);
  if (options.path && pathname !== options.path) {
    return void answer(res, 404, `wh-sim listens on ${options.path}\n`, undefined, (status) =>
      report(exchange, { body, size: body.length, status, note: `not ${options.path}` }),
    );
  }
  const at = now();
  const inspection = inspectRequest(body, map, options.known, at);
  observeWebhook(options.apis, inspection, body, at, options.onWarning);
  if (context.relay && options.forwardTo) return forward(res, exchange, body, inspection, context);
  if (options.delayMs > 0) return later(options.delayMs).then(() => answerAsConfigured(res, exchange, body, inspection, context));
  answerAsConfigured(res, exchange, body, inspection, context);
  return undefined;
}

/** --status, or 500 for a --fail-rate draw. */
function answerAsConfigured(res: ServerResponse, exchange: Exchange, body: Buffer, inspection: Inspection, context: HandlerContext): void {
  const { options, report } = context;
  const failed = options.failRate > 0 && (options.chance ?? Math.random)() < options.failRate;
  const chosen = failed ? 500 : options.status;
  answer(res, chosen, failed ? "simulated failure (--fail-rate)\n" : chosen < 300 ? "" : `wh-sim --status ${chosen}\n`, undefined, (status) => {
    const received: Parameters<typeof report>[1] = { body, size: body.length, inspection, status };
    if (failed) received.note = "simulated failure (--fail-rate)";
    report(exchange, received);
  });
}

/** The app's answer, relayed; when it cannot be reached, why. */
async function forward(res: ServerResponse, exchange: Exchange, body: Buffer, inspection: Inspection, context: HandlerContext): Promise<void> {
  const { options, report } = context;
  const forwardTo = options.forwardTo!;
  let app: Awaited<ReturnType<Relay["send"]>>;
  try {
    app = await context.relay!.send(exchange.method, exchange.headers, body);
  } catch (error) {
    if (context.isStopping()) {
      const status = await send(res, STOPPING.status, STOPPING.text);
      return report(exchange, { body, size: body.length, inspection, status, forwarded: { error: "abandoned: the listener stopped" } });
    }
    const failure = classifyNetworkError(error, new URL(forwardTo), options.forwardTimeoutMs);
    const timedOut = failure.kind === "timeout";
    const reason =
      failure.kind === "refused"
        ? "connection refused (is your app running?)"
        : timedOut
          ? `no answer within ${options.forwardTimeoutMs} ms (--timeout)`
          : failure.reason;
    const status = await send(res, timedOut ? 504 : 502, `wh-sim could not ${timedOut ? "get an answer from" : "reach"} ${forwardTo}: ${reason}\n`);
    return report(exchange, { body, size: body.length, inspection, status, forwarded: { error: reason } });
  }
  const status = await send(res, app.status, app.body, Object.fromEntries(app.headers), true);
  const failed = app.status >= 300 ? { body: app.body.subarray(0, 2048).toString("utf8") } : {};
  return report(exchange, { body, size: body.length, inspection, status, forwarded: { status: app.status, durationMs: app.durationMs, ...failed } });
}

const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The path without its query. */
const pathOf = (path: string) => {
  const query = path.indexOf("?");
  return query < 0 ? path : path.slice(0, query);
};

interface BodyRead {
  body: Buffer;
  size: number;
  tooLarge: boolean;
  /** The body never completed: the sender hung up, or its framing was malformed. */
  aborted: boolean;
}

/** Collects the exact bytes, stopping (but draining) past the limit; calls back once, never fails. */
function readBody(req: IncomingMessage, limit: number, then: (read: BodyRead) => void): void {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) {
    req.resume();
    req.once("error", () => undefined);
    return then({ body: Buffer.alloc(0), size: declared, tooLarge: true, aborted: false });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  const finish = (aborted: boolean) => {
    if (done) return;
    done = true;
    // Copied out (concat), never a slice: a slice would keep the socket's whole read buffer alive.
    then({ body: Buffer.concat(chunks), size, tooLarge: !aborted && size > limit, aborted });
  };
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  });
  req.once("end", () => finish(false));
  req.once("error", () => finish(true));
}

/** Options left undefined (an unset flag) take the default rather than erase it. */
function withoutUndefined<T extends object>(options: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
