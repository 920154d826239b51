import type { Socket } from "node:net";
import { monotonicMs } from "../lib/clock.js";
import type { HeaderMap } from "../providers/types.js";
import { RESPONSE_PREFIX_BYTES } from "./answer-prefix.js";
import type { DeliveryResult } from "./delivery-result.js";
import { ResponseParser, type ParsedHead } from "./response-parser.js";

/** What a plain POST needs: no proxy, no redirects followed. */
export interface WireSenderSettings {
  readonly timeoutMs: number;
  readonly tls: { rejectUnauthorized?: boolean; ca?: string | Buffer };
}

/**
 * HTTP/1.1 deliveries written straight to kept-alive sockets: the request line, headers and body
 * go out in one write, and a small parser reads the answer. Node's http client builds a graph of
 * objects and streams for every request, which cost bulk sends more than building and signing the
 * events did; this loads only `net` (and `tls` for an https target). undici is used instead when a
 * proxy or redirects are involved. `destroy()` closes every socket, and idle ones never keep the
 * process alive.
 */
export function wireTransport(settings: WireSenderSettings) {
  const idle = new Map<string, Connection[]>();
  const open = new Set<Connection>();

  const connect = async (target: URL): Promise<Connection> => {
    const origin = `${target.protocol}//${target.host}`;
    const pool = idle.get(origin);
    for (let reused = pool?.pop(); reused; reused = pool?.pop()) {
      if (reused.usable()) return reused;
      reused.socket.destroy(); // past the server's keep-alive time: it may close it any moment
    }
    const host = target.hostname.startsWith("[") ? target.hostname.slice(1, -1) : target.hostname;
    const port = Number(target.port) || (target.protocol === "https:" ? 443 : 80);
    let socket: Socket;
    if (target.protocol === "https:") {
      const tls = await import("node:tls");
      const { isIP } = await import("node:net");
      socket = tls.connect({ host, port, ALPNProtocols: ["http/1.1"], ...(isIP(host) ? {} : { servername: host }), ...settings.tls });
    } else {
      const net = await import("node:net");
      socket = net.connect({ host, port });
    }
    socket.setNoDelay(true);
    const connection = new Connection(socket, () => {
      open.delete(connection);
      const list = idle.get(origin);
      const at = list?.indexOf(connection) ?? -1;
      if (at >= 0) list!.splice(at, 1);
    });
    open.add(connection);
    return connection;
  };

  const post = async (target: URL, method: string, headers: HeaderMap, body: string | Uint8Array): Promise<DeliveryResult> => {
    const request = encodeRequest(target, method, headers, body);
    const connection = await connect(target);
    const result = await connection.exchange(request, method, settings.timeoutMs);
    if (connection.usable()) {
      const origin = `${target.protocol}//${target.host}`;
      const list = idle.get(origin) ?? [];
      list.push(connection);
      idle.set(origin, list);
    } else connection.socket.destroy(); // never to be used again: not left for the server to close
    return result;
  };

  return {
    post,
    destroy: async () => {
      for (const connection of open) connection.socket.destroy();
    },
  };
}

/** One kept-alive connection: one exchange at a time. */
class Connection {
  private readonly parser = new ResponseParser();
  private pending: Exchange | undefined;
  /** How long the server keeps an idle connection (its `Keep-Alive: timeout=`), in ms. */
  private keepAliveMs = Infinity;
  private idleSince = 0;
  private reusable = true;
  private closed = false;

  constructor(
    readonly socket: Socket,
    onClosed: () => void,
  ) {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (error) => this.fail(error));
    socket.on("close", () => {
      this.closed = true;
      onClosed();
      // A body that runs to the end of the connection ends here; anything else was cut short.
      if (this.pending && this.parser.endOfInput()) this.finish();
      else this.fail(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    });
  }

  /** Idle, open, and not past the server's keep-alive time (with a second's margin). */
  usable(): boolean {
    return !this.closed && this.reusable && !this.pending && monotonicMs() - this.idleSince < this.keepAliveMs - 1000;
  }

  exchange(request: Buffer, method: string, timeoutMs: number): Promise<DeliveryResult> {
    return new Promise((resolve, reject) => {
      const started = monotonicMs();
      const timer = setTimeout(() => this.socket.destroy(Object.assign(new Error(`no response within ${timeoutMs} ms`), { name: "TimeoutError" })), timeoutMs);
      this.pending = { resolve, reject, started, timer };
      this.parser.expect(method);
      this.socket.ref();
      this.socket.write(request);
    });
  }

  private onData(chunk: Buffer): void {
    if (!this.pending) {
      // Bytes nobody asked for: the connection is out of step, never reuse it.
      this.reusable = false;
      this.socket.destroy();
      return;
    }
    try {
      if (this.parser.push(chunk, RESPONSE_PREFIX_BYTES)) this.finish();
    } catch (error) {
      this.reusable = false;
      this.socket.destroy(error as Error);
    }
  }

  private finish(): void {
    const exchange = this.pending!;
    this.pending = undefined;
    clearTimeout(exchange.timer);
    const { head, body, truncated, leftover } = this.parser.answer();
    this.keepAliveMs = keepAliveMs(head);
    // A truncated body is not read to its end: the connection goes with it.
    if (!head.keepAlive || truncated || leftover) {
      this.reusable = false;
      this.socket.destroy();
    } else {
      this.idleSince = monotonicMs();
      this.socket.unref();
    }
    exchange.resolve({
      status: head.status,
      headers: head.headers,
      body: body.toString("utf8"),
      truncated,
      durationMs: Math.round(monotonicMs() - exchange.started),
    });
  }

  private fail(error: Error): void {
    this.reusable = false;
    const exchange = this.pending;
    if (!exchange) return;
    this.pending = undefined;
    clearTimeout(exchange.timer);
    exchange.reject(error);
  }
}

interface Exchange {
  resolve(result: DeliveryResult): void;
  reject(error: Error): void;
  readonly started: number;
  readonly timer: NodeJS.Timeout;
}

/** `Keep-Alive: timeout=5` (Node's servers send it) → 5000. */
function keepAliveMs(head: ParsedHead): number {
  const seconds = /(?:^|,)\s*timeout=(\d+)/i.exec(head.headers["keep-alive"] ?? "")?.[1];
  return seconds === undefined ? Infinity : Number(seconds) * 1000;
}

// A header name is a token; a value has no line breaks or NUL (they would forge headers or requests).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;

/** Request line, headers and body in one buffer, as Node's http client would send them. */
export function encodeRequest(target: URL, method: string, headers: HeaderMap, body: string | Uint8Array): Buffer {
  let lines = "";
  let host = false;
  let sized = false;
  let authorized = false;
  for (const name in headers) {
    const value = headers[name]!;
    if (!TOKEN.test(name)) throw Object.assign(new TypeError(`invalid header name "${name}"`), { code: "ERR_INVALID_HTTP_TOKEN" });
    if (FORBIDDEN_IN_VALUE.test(value)) throw Object.assign(new TypeError(`invalid character in header "${name}"`), { code: "ERR_INVALID_CHAR" });
    const lower = name.toLowerCase();
    host ||= lower === "host";
    sized ||= lower === "content-length";
    authorized ||= lower === "authorization";
    lines += `${name}: ${value}\r\n`;
  }
  let head = `${method} ${target.pathname}${target.search} HTTP/1.1\r\n${host ? "" : `Host: ${target.host}\r\n`}${lines}`;
  if (!authorized && (target.username || target.password)) {
    const credentials = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
    head += `Authorization: Basic ${Buffer.from(credentials).toString("base64")}\r\n`;
  }
  const length = typeof body === "string" ? Buffer.byteLength(body) : body.length;
  // A length, as every provider sends one (never a chunked body).
  if (!sized) head += `Content-Length: ${length}\r\n`;
  head += "Connection: keep-alive\r\n\r\n";
  const headLength = Buffer.byteLength(head, "latin1");
  const request = Buffer.allocUnsafe(headLength + length);
  request.write(head, 0, "latin1");
  if (typeof body === "string") request.write(body, headLength, "utf8");
  else request.set(body, headLength);
  return request;
}
