import type { IncomingMessage, ServerResponse } from "node:http";
import type { Relay } from "../http/forward.js";
import { headerPairs, requestHeaderMap } from "../http/hop-by-hop.js";
import { classifyNetworkError } from "../http/network-error.js";
import { monotonicMs } from "../lib/clock.js";
import type { Connection, Exchange, HandlerContext } from "./types.js";
import { inspectRequest, signerOf, type Inspection } from "./inspect.js";
import { answer, observeWebhook, providerRouteFor, send } from "./routes.js";

// One request, from its first byte to its one report (the listener's server is `server.ts`).

/** What a request that is still in flight when the listener stops gets. */
const STOPPING = { status: 503, text: "wh-sim listen is stopping\n" };

/**
 * One request, through callbacks rather than promises: the usual delivery is read, checked, answered
 * and reported without a promise or a listener of its own (each cost the listener measurably under
 * load); forwarding, --delay and the provider routes wait as they must.
 */
export function handle(req: IncomingMessage, res: ServerResponse, context: HandlerContext): void {
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
      respond(req, res, exchange, read, context)?.catch(failed);
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
function respond(req: IncomingMessage, res: ServerResponse, exchange: Exchange, read: BodyRead, context: HandlerContext): Promise<void> | undefined {
  const { options, now, report } = context;
  if (read.tooLarge) {
    const note = `body over --max-body (${options.maxBody} bytes): not kept`;
    lingerAfterAnswer(req, context.connectionOf(req.socket));
    return void answer(res, 413, `body over ${options.maxBody} bytes\n`, { connection: "close" }, (status) =>
      report(exchange, { body: Buffer.alloc(0), size: read.size, status, note }),
    );
  }
  const body = read.body;
  if (req.httpVersion === "1.1" && req.headers.host === undefined) {
    // RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without Host (Node would, unseen).
    const note = "HTTP/1.1 request without a Host header: answered 400 (RFC 9112 §3.2)";
    return void answer(res, 400, "HTTP/1.1 requests must carry a Host header\n", { connection: "close" }, (status) =>
      report(exchange, { body, size: body.length, status, note }),
    );
  }
  const refusal = context.refuse?.(req);
  if (refusal) {
    const note = `refused: ${refusal.reason}`;
    return void answer(res, refusal.status, refusal.message, undefined, (status) => report(exchange, { body, size: body.length, status, note }));
  }
  const map = requestHeaderMap(req, exchange.headers);
  const pathname = pathOf(exchange.path);
  // Which provider signed it, asked once: a signed request is a webhook, never an API call.
  const signer = signerOf(map, options.known);
  const providerRoute = providerRouteFor(exchange, { body, map, pathname, signed: signer !== undefined }, context);
  if (providerRoute) return providerRoute(res);
  if (options.path && pathname !== options.path) {
    return void answer(res, 404, `wh-sim listens on ${options.path}\n`, undefined, (status) =>
      report(exchange, { body, size: body.length, status, note: `not ${options.path}` }),
    );
  }
  const at = now();
  const inspection = inspectRequest(body, map, signer, at);
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

/** How much of a body over --max-body is still read (and dropped) after the 413, and for how long at most. */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 5000;

/**
 * A lingering close, as Node's own server and nginx make one: once the 413 (with `Connection:
 * close`) is written, the connection is half-closed and the rest of the body read and dropped, up
 * to a bound, before it is closed. Closed at once, a client still sending gets EPIPE (Node's
 * fetch and http do), never the answer.
 */
function lingerAfterAnswer(req: IncomingMessage, connection: Connection): void {
  const socket = req.socket;
  // What the parser makes of the rest (a body cut short when the sender stops) is no request of its own.
  connection.failed = true;
  // Node calls destroySoon once a `Connection: close` answer is written.
  socket.destroySoon = () => {
    socket.end();
    let read = 0;
    const close = () => {
      clearTimeout(timer);
      socket.destroy();
    };
    const timer = setTimeout(close, DRAIN_MS);
    timer.unref();
    socket.on("data", (chunk: Buffer) => {
      read += chunk.length;
      if (read > DRAIN_BYTES) close();
    });
    socket.once("end", close);
    socket.resume();
  };
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
  // `on`, not `once` (a wrapper each): `finish` runs once anyway.
  req.on("end", () => finish(false));
  req.on("error", () => finish(true));
}
