import { describe, expect, it } from "vitest";
import { ResponseParser } from "../../src/http/response-parser.js";

const LIMIT = 64 * 1024;

/** Feeds the answer in pieces of `step` bytes; the answer once complete, or "incomplete". */
function read(raw: string | Buffer, { step = Infinity, method = "POST", limit = LIMIT } = {}) {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, "latin1");
  const parser = new ResponseParser();
  parser.expect(method);
  for (let at = 0; at < bytes.length; at += Math.min(step, bytes.length)) {
    if (parser.push(bytes.subarray(at, at + Math.min(step, bytes.length)), limit)) {
      const answer = parser.answer();
      return { ...answer, body: answer.body.toString("latin1"), leftover: answer.leftover || at + step < bytes.length };
    }
  }
  return "incomplete" as const;
}

describe("reading an HTTP/1.x answer", () => {
  it("frames the body by Content-Length, fed whole or a byte at a time", () => {
    const raw = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhello";
    for (const step of [Infinity, 1, 7]) {
      const answer = read(raw, { step });
      expect(answer).toMatchObject({ head: { status: 200, keepAlive: true, headers: { "content-length": "5", "x-a": "1" } }, body: "hello", truncated: false });
    }
    expect(read("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel")).toBe("incomplete");
  });

  it("decodes a chunked body, with extensions and trailers, in any split", () => {
    const raw = "HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n";
    for (const step of [Infinity, 1, 3, 11]) {
      const answer = read(raw, { step });
      expect(answer).toMatchObject({ head: { status: 500 }, body: "Wikipedia", truncated: false, leftover: false });
    }
  });

  it("skips interim answers (100 Continue, 103 Early Hints) and reads the final one", () => {
    const raw = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
    expect(read(raw, { step: 5 })).toMatchObject({ head: { status: 201 }, body: "ok" });
  });

  it("has no body for 204, 304 and HEAD, and one that runs to the end of the connection otherwise", () => {
    expect(read("HTTP/1.1 204 No Content\r\n\r\n")).toMatchObject({ head: { status: 204 }, body: "" });
    expect(read("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n")).toMatchObject({ body: "" });
    expect(read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", { method: "HEAD" })).toMatchObject({ body: "" });
    const parser = new ResponseParser();
    parser.expect("POST");
    expect(parser.push(Buffer.from("HTTP/1.0 200 OK\r\n\r\nuntil the end"), LIMIT)).toBe(false);
    expect(parser.endOfInput()).toBe(true);
    expect(parser.answer()).toMatchObject({ head: { keepAlive: false } });
  });

  it("keeps the connection alive as the version and Connection header say", () => {
    expect(read("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")).toMatchObject({ head: { keepAlive: false } });
    expect(read("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")).toMatchObject({ head: { keepAlive: false } });
    expect(read("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n")).toMatchObject({ head: { keepAlive: true } });
  });

  it("joins repeated headers, lower-cases names, and unfolds obsolete folded lines", () => {
    const answer = read("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nX-Long: one\r\n two\r\nContent-Length: 0\r\n\r\n");
    expect(answer).toMatchObject({ head: { headers: { "set-cookie": "a=1, b=2", "x-long": "one two" } } });
  });

  it("keeps at most the limit of a body and says it was cut", () => {
    expect(read(`HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n${"x".repeat(10)}`, { limit: 4 })).toMatchObject({ body: "xxxx", truncated: true });
    expect(read(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n${"y".repeat(10)}\r\n0\r\n\r\n`, { limit: 4 })).toMatchObject({
      body: "yyyy",
      truncated: true,
    });
  });

  it("notices bytes after the answer (a server out of step)", () => {
    expect(read("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n")).toMatchObject({ body: "ok", leftover: true });
  });

  it("refuses what is not HTTP, and framing it cannot trust", () => {
    const refused = (raw: string) => () => read(raw);
    expect(refused("SSH-2.0-OpenSSH_9.2\r\n\r\n")).toThrow(/not an HTTP\/1.x answer/);
    expect(refused("HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n")).toThrow(/invalid Content-Length/);
    expect(refused("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")).toThrow(/invalid Content-Length/);
    expect(refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")).toThrow(/invalid chunk size/);
    expect(refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n")).toThrow(/longer than its size/);
    expect(refused("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")).toThrow(/invalid header line/);
    expect(refused(`HTTP/1.1 200 OK\r\nX: ${"a".repeat(70 * 1024)}`)).toThrow(/64 KiB/);
  });
});
