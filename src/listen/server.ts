import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { UsageError } from "../lib/errors.js";
import { relay } from "../http/forward.js";
import { classifyNetworkError } from "../http/network-error.js";
import { headerMap, headerPairs } from "../http/hop-by-hop.js";
import type { CompanionRoute, HeaderMap } from "../providers/types.js";
import { LISTEN_DEFAULTS } from "./defaults.js";
import { inspectRequest, type Inspection, type KnownProvider } from "./inspect.js";

/** What a listener needs; every other setting, when absent or undefined, takes its default from `LISTEN_DEFAULTS`. */
export interface ListenerOptions extends Unset<ListenerSettings> {
  known: readonly KnownProvider[];
  routes: readonly CompanionRoute[];
  onRequest(request: ReceivedRequest): void;
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
  status: number;
  durationMs: number;
  /** What happened besides a normal delivery: too large, wrong path, companion route, app down… */
  note?: string;
  /** The app's side when forwarding: its status and time, and its body when it did not answer 2xx. */
  forwarded?: { status: number; durationMs: number; body?: string } | { error: string };
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, "Request Header Fields Too Large", "malformed request: HPE_HEADER_OVERFLOW (headers too large)"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "Request Timeout", "slow client: request not complete in time"],
};

export interface Listener {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** A receiver that never re-serialises: it keeps the raw bytes, inspects them, answers, reports. */
export async function startListener(given: ListenerOptions): Promise<Listener> {
  const options: Settings = { ...LISTEN_DEFAULTS, ...withoutUndefined(given) };
  const now = options.now ?? (() => new Date());
  const requestTimeout = options.requestTimeoutMs;
  const serverOptions = { requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(1000, requestTimeout / 2) };
  const server = createServer(serverOptions, (req, res) => {
    handle(req, res, options, now).catch((error: unknown) => {
      // Last resort: answer and report rather than crash.
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("wh-sim listener error\n");
      options.onRequest({
        time: now(),
        method: req.method ?? "?",
        path: req.url ?? "?",
        headers: headerPairs(req.rawHeaders),
        body: Buffer.alloc(0),
        size: 0,
        status: 500,
        durationMs: 0,
        note: `listener error: ${(error as Error).message}`,
      });
    });
  });
  // Requests Node rejects before our handler runs: still shown and answered.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    const [status, reason, note] = CLIENT_ERRORS[error.code ?? ""] ?? [400, "Bad Request", `malformed request: ${error.code ?? error.message}`];
    options.onRequest({ time: now(), method: "?", path: "?", headers: [], body: Buffer.alloc(0), size: 0, status, durationMs: 0, note });
    if (socket.writable) socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(new UsageError(`port ${options.port} on ${options.host} is already in use`, `try --port ${options.port + 1}, or --port 0 for any free port`));
      } else if (error.code === "EACCES") {
        reject(new UsageError(`not allowed to listen on port ${options.port}`, "use a port above 1023"));
      } else reject(error);
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: Settings, now: () => Date): Promise<void> {
  const time = now();
  const started = performance.now();
  const method = req.method ?? "GET";
  const path = req.url ?? "/";
  const headers = headerPairs(req.rawHeaders);
  const map = headerMap(headers);
  const report = (rest: Omit<ReceivedRequest, "time" | "method" | "path" | "headers" | "durationMs">) =>
    options.onRequest({ time, method, path, headers, durationMs: Math.round(performance.now() - started), ...rest });

  const read = await readBody(req, options.maxBody);
  if (read.tooLarge) {
    answer(res, 413, `body over ${options.maxBody} bytes\n`, { connection: "close" });
    return report({ body: Buffer.alloc(0), size: read.size, status: 413, note: `body over --max-body (${options.maxBody} bytes): not kept` });
  }
  const body = read.body;
  const pathname = path.split("?")[0];

  const route = options.routes.find((r) => r.method === method && r.path === pathname);
  if (route) {
    const out = route.handle({ headers: map, body });
    answer(res, out.status, out.body, { "content-type": "application/json" });
    return report({ body, size: body.length, status: out.status, note: route.description });
  }
  if (options.path && pathname !== options.path) {
    answer(res, 404, `wh-sim listens on ${options.path}\n`);
    return report({ body, size: body.length, status: 404, note: `not ${options.path}` });
  }

  const inspection = inspectRequest(body, map, options.known, now());
  if (options.forwardTo) {
    try {
      const app = await relay(options.forwardTo, method, headers, body, options.forwardTimeoutMs);
      res.writeHead(app.status, app.headers.flat()).end(app.body);
      const failed = app.status >= 300 ? { body: app.body.subarray(0, 2048).toString("utf8") } : {};
      return report({ body, size: body.length, inspection, status: app.status, forwarded: { status: app.status, durationMs: app.durationMs, ...failed } });
    } catch (error) {
      const failure = classifyNetworkError(error, new URL(options.forwardTo), options.forwardTimeoutMs);
      const reason =
        failure.kind === "refused"
          ? "connection refused (is your app running?)"
          : failure.kind === "timeout"
            ? "the app did not answer in time"
            : failure.reason;
      answer(res, 502, `wh-sim could not reach ${options.forwardTo}: ${reason}\n`);
      return report({ body, size: body.length, inspection, status: 502, forwarded: { error: reason } });
    }
  }
  if (options.delayMs > 0) await new Promise((r) => setTimeout(r, options.delayMs));
  const failed = options.failRate > 0 && (options.chance ?? Math.random)() < options.failRate;
  const status = failed ? 500 : options.status;
  answer(res, status, failed ? "simulated failure (--fail-rate)\n" : status < 300 ? "" : `wh-sim --status ${status}\n`);
  return report({ body, size: body.length, inspection, status, ...(failed ? { note: "simulated failure (--fail-rate)" } : {}) });
}

function answer(res: ServerResponse, status: number, body: string, headers: HeaderMap = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers }).end(body);
}

/** Collects the exact bytes, stopping (but draining) past the limit. */
function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; size: number; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) {
      req.resume();
      return resolve({ body: Buffer.alloc(0), size: declared, tooLarge: true });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on("end", () => resolve({ body: Buffer.concat(chunks), size, tooLarge: size > limit }));
    req.on("error", reject);
  });
}

/** Options left undefined (an unset flag) take the default rather than erase it. */
function withoutUndefined<T extends object>(options: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
