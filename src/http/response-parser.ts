import type { HeaderMap } from "../providers/types.js";

/** An answer's status line and headers (names in lower case, repeated ones joined with ", "). */
export interface ParsedHead {
  readonly status: number;
  readonly headers: HeaderMap;
  /** The connection may carry another request after this answer. */
  readonly keepAlive: boolean;
}

const MAX_HEAD_BYTES = 64 * 1024;
const MAX_CHUNK_LINE = 1024;
const EMPTY = Buffer.alloc(0);
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: |$)/;

/**
 * Reads one HTTP/1.x answer at a time from the bytes of a connection: interim (1xx) answers
 * skipped, the body framed by Content-Length, chunked transfer coding (trailers read and dropped)
 * or the end of the connection, and kept up to a limit. Malformed framing throws: the connection
 * is out of step and must be dropped.
 */
export class ResponseParser {
  private method = "POST";
  private pending: Buffer = EMPTY;
  private head: ParsedHead | undefined;
  private framing: "none" | "length" | "chunked" | "close" = "none";
  private chunk: "size" | "data" | "data-end" | "trailers" = "size";
  private remaining = 0;
  private kept: Buffer[] = [];
  private keptBytes = 0;
  private truncated = false;

  /** Starts reading the answer to a request made with `method`. */
  expect(method: string): void {
    this.method = method;
    this.head = undefined;
    this.chunk = "size";
    this.remaining = 0;
    this.kept = [];
    this.keptBytes = 0;
    this.truncated = false;
  }

  /** Feeds bytes; true once the answer is complete, or its body has passed `limit` bytes. */
  push(bytes: Buffer, limit: number): boolean {
    this.pending = this.pending.length ? Buffer.concat([this.pending, bytes]) : bytes;
    for (;;) {
      if (!this.head) {
        const end = this.pending.indexOf("\r\n\r\n");
        if (end < 0) {
          if (this.pending.length > MAX_HEAD_BYTES) throw protocolError("the answer's headers run past 64 KiB");
          return false;
        }
        const head = parseHead(this.pending.toString("latin1", 0, end));
        this.pending = this.pending.subarray(end + 4);
        // 100 Continue, 103 Early Hints: the real answer follows.
        if (head.status >= 100 && head.status < 200 && head.status !== 101) continue;
        this.head = head;
        this.framing = framingOf(head, this.method);
        if (this.framing === "length") this.remaining = contentLength(head.headers["content-length"]!);
        if (this.framing === "none" || (this.framing === "length" && this.remaining === 0)) return true;
      }
      switch (this.framing) {
        case "length": {
          const piece = this.take(this.remaining);
          this.remaining -= piece.length;
          if (this.keep(piece, limit)) return true;
          return this.remaining === 0;
        }
        case "close":
          return this.keep(this.take(Infinity), limit);
        case "chunked":
          return this.readChunks(limit);
        default:
          return true;
      }
    }
  }

  /** The connection ended: whether that completes the answer (a body that runs to the end). */
  endOfInput(): boolean {
    return this.head !== undefined && this.framing === "close";
  }

  /** The answer read, and whether bytes came after it (a server out of step). */
  answer(): { head: ParsedHead; body: Buffer; truncated: boolean; leftover: boolean } {
    const leftover = this.pending.length > 0;
    this.pending = EMPTY;
    const body = this.kept.length === 1 ? this.kept[0]! : Buffer.concat(this.kept);
    return { head: this.head!, body, truncated: this.truncated, leftover };
  }

  /** Up to `max` of the bytes not yet read. */
  private take(max: number): Buffer {
    const piece = this.pending.length <= max ? this.pending : this.pending.subarray(0, max);
    this.pending = this.pending.length <= max ? EMPTY : this.pending.subarray(max);
    return piece;
  }

  private readChunks(limit: number): boolean {
    for (;;) {
      if (this.chunk === "data") {
        const piece = this.take(this.remaining);
        this.remaining -= piece.length;
        if (this.keep(piece, limit)) return true;
        if (this.remaining > 0) return false;
        this.chunk = "data-end";
      }
      const eol = this.pending.indexOf("\r\n");
      if (eol < 0) {
        if (this.pending.length > MAX_CHUNK_LINE) throw protocolError("a chunk line runs past 1 KiB");
        return false;
      }
      const line = this.pending.toString("latin1", 0, eol);
      this.pending = this.pending.subarray(eol + 2);
      if (this.chunk === "data-end") {
        if (line !== "") throw protocolError("a chunk is longer than its size");
        this.chunk = "size";
      } else if (this.chunk === "size") {
        const size = /^([0-9a-fA-F]{1,8})[ \t]*(?:;.*)?$/.exec(line)?.[1];
        if (size === undefined) throw protocolError(`invalid chunk size "${line.slice(0, 40)}"`);
        this.remaining = parseInt(size, 16);
        this.chunk = this.remaining === 0 ? "trailers" : "data";
      } else if (line === "") {
        return true; // The empty line after the trailers ends the body.
      }
    }
  }

  /** Keeps body bytes up to `limit`; true when the limit is passed. */
  private keep(piece: Buffer, limit: number): boolean {
    if (piece.length === 0) return false;
    const room = limit - this.keptBytes;
    if (piece.length > room) {
      this.kept.push(piece.subarray(0, room));
      this.keptBytes = limit;
      this.truncated = true;
      return true;
    }
    this.kept.push(piece);
    this.keptBytes += piece.length;
    return false;
  }
}

function parseHead(text: string): ParsedHead {
  const lines = text.split("\r\n");
  const status = STATUS_LINE.exec(lines[0]!);
  if (!status) throw protocolError(`not an HTTP/1.x answer: "${lines[0]!.slice(0, 40)}"`);
  const headers: HeaderMap = {};
  let last: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if ((line.startsWith(" ") || line.startsWith("\t")) && last !== undefined) {
      headers[last] += ` ${line.trim()}`; // an obsolete folded line continues the previous value
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) throw protocolError(`invalid header line "${line.slice(0, 40)}"`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = Object.hasOwn(headers, name) ? `${headers[name]}, ${value}` : value;
    last = name;
  }
  const connection = (headers.connection ?? "").toLowerCase();
  const keepAlive = status[1] === "1" ? !/(?:^|,)\s*close\s*(?:,|$)/.test(connection) : /(?:^|,)\s*keep-alive\s*(?:,|$)/.test(connection);
  return { status: Number(status[2]), headers, keepAlive };
}

function framingOf(head: ParsedHead, method: string): "none" | "length" | "chunked" | "close" {
  if (method === "HEAD" || head.status === 204 || head.status === 304 || head.status === 101) return "none";
  const coding = head.headers["transfer-encoding"];
  if (coding !== undefined) return /(?:^|,)\s*chunked\s*$/i.test(coding) ? "chunked" : "close";
  return head.headers["content-length"] !== undefined ? "length" : "close";
}

/** `42`, or `42, 42` from repeated headers; anything else is refused. */
function contentLength(value: string): number {
  const values = new Set(value.split(",").map((v) => v.trim()));
  const [only] = values;
  if (values.size !== 1 || !/^\d{1,15}$/.test(only!)) throw protocolError(`invalid Content-Length "${value.slice(0, 40)}"`);
  return Number(only);
}

function protocolError(message: string): Error {
  return Object.assign(new Error(`invalid answer: ${message}`), { code: "HPE_INVALID" });
}
