import { createServer as createHttpServer, type IncomingMessage } from "node:http";
import { createServer as createNetServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createSender } from "../../src/http/deliver.js";
import { encodeRequest } from "../../src/http/wire-sender.js";

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A Node http server that answers with `answer`, and counts the connections it was given. */
async function httpServer(answer: (req: IncomingMessage, body: Buffer) => { status?: number; headers?: Record<string, string>; body?: string }) {
  const seen: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
  let connections = 0;
  let open = 0;
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: body.toString() });
      const a = answer(req, body);
      res.writeHead(a.status ?? 200, a.headers ?? {}).end(a.body ?? "");
    });
  });
  // Idle connections stay open unless the client closes them (the Keep-Alive a test advertises is its own).
  server.keepAliveTimeout = 60_000;
  server.on("connection", (socket) => {
    connections++;
    open++;
    socket.on("close", () => open--);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(() => new Promise((r) => server.close(r)).then(() => server.closeAllConnections()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, connections: () => connections, open: () => open };
}

/** A server that writes exactly these bytes to each request's connection. */
async function rawServer(onRequest: (socket: Socket, request: string) => void) {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    let text = "";
    socket.on("data", (d) => {
      text += d.toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? 0);
      if (end >= 0 && text.length >= end + 4 + length) {
        const request = text.slice(0, end + 4 + length);
        text = text.slice(request.length);
        onRequest(socket, request);
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(() => {
    for (const s of sockets) s.destroy();
    return new Promise((r) => server.close(r));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const send = async (url: string, body = '{"a":1}', headers: Record<string, string> = { "Content-Type": "application/json" }, timeoutMs = 5000) => {
  const sender = await createSender({ timeoutMs });
  try {
    return await sender.send({ url, body, headers });
  } finally {
    await sender.close();
  }
};

describe("deliveries written straight to the socket", () => {
  it("sends the exact bytes with Host, Content-Length and the provider's headers, and reads the answer", async () => {
    const server = await httpServer(() => ({ status: 202, headers: { "X-Answer": "yes" }, body: "accepted" }));
    const result = await send(`${server.url}/hook?x=1`, "héllo", { "Stripe-Signature": "t=1,v1=ab" });
    expect(result).toMatchObject({ status: 202, body: "accepted", truncated: false, headers: { "x-answer": "yes" } });
    expect(server.seen[0]).toMatchObject({
      method: "POST",
      url: "/hook?x=1",
      body: "héllo",
      headers: { host: new URL(server.url).host, "content-length": String(Buffer.byteLength("héllo")), "stripe-signature": "t=1,v1=ab" },
    });
  });

  it("reuses one kept-alive connection for a run of deliveries, and several for concurrent ones", async () => {
    const server = await httpServer(() => ({}));
    const sender = await createSender({ timeoutMs: 5000 });
    for (let i = 0; i < 20; i++) expect((await sender.send({ url: server.url, body: String(i), headers: {} })).status).toBe(200);
    expect(server.connections()).toBe(1);
    await Promise.all(Array.from({ length: 8 }, (_, i) => sender.send({ url: server.url, body: String(i), headers: {} })));
    expect(server.connections()).toBe(8);
    expect(server.seen.map((s) => s.body).slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    await sender.close();
  });

  it("opens a new connection after an answer that closes it, and after the server's keep-alive time", async () => {
    const closing = await httpServer(() => ({ headers: { Connection: "close" } }));
    const sender = await createSender({ timeoutMs: 5000 });
    for (let i = 0; i < 3; i++) expect((await sender.send({ url: closing.url, body: "x", headers: {} })).status).toBe(200);
    expect(closing.connections()).toBe(3);
    // Keep-Alive: timeout=1 leaves no second of margin: each delivery gets a fresh connection.
    const brief = await httpServer(() => ({ headers: { "Keep-Alive": "timeout=1" } }));
    for (let i = 0; i < 3; i++) expect((await sender.send({ url: brief.url, body: "x", headers: {} })).status).toBe(200);
    expect(brief.connections()).toBe(3);
    // The connections given up are closed, not left to the server: only the last one is open.
    while (brief.open() > 1) await new Promise((resolve) => setImmediate(resolve));
    await sender.close();
  });

  it("reads chunked answers and interim 100 Continue, and keeps the connection for the next", async () => {
    let count = 0;
    const url = await rawServer((socket) => {
      count++;
      socket.write("HTTP/1.1 100 Continue\r\n\r\n");
      socket.write("HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nno si\r\n");
      socket.write("8\r\ngnature\n\r\n0\r\n\r\n");
    });
    const sender = await createSender({ timeoutMs: 5000 });
    for (let i = 0; i < 2; i++) expect(await sender.send({ url, body: "{}", headers: {} })).toMatchObject({ status: 400, body: "no signature\n" });
    expect(count).toBe(2);
    await sender.close();
  });

  it("keeps the first 64 KiB of a large answer", async () => {
    const server = await httpServer(() => ({ body: "z".repeat(200_000) }));
    const result = await send(server.url);
    expect(result.truncated).toBe(true);
    expect(result.body.length).toBe(64 * 1024);
  });

  it("names a server that hangs up, one that never answers, one that speaks something else, and a refused connection", async () => {
    const hangUp = await rawServer((socket) => socket.destroy());
    await expect(send(hangUp)).rejects.toThrow(/connection reset/);
    const silent = await rawServer(() => undefined);
    await expect(send(silent, "{}", {}, 300)).rejects.toThrow(/no response from .* within 300 ms/);
    const garbage = await rawServer((socket) => socket.write("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
    await expect(send(garbage)).rejects.toThrow(/not an HTTP\/1.x answer/);
    const closed = await rawServer(() => undefined);
    await Promise.all(closers.splice(0).map((close) => close()));
    await expect(send(closed)).rejects.toThrow(/connection refused/);
  });

  it("an answer that ends with the connection is read to its end", async () => {
    const url = await rawServer((socket) => socket.end("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it"));
    expect(await send(url)).toMatchObject({ status: 200, body: "all of it" });
  });
});

describe("the request's bytes", () => {
  it("refuses header names and values that would forge headers or requests", () => {
    const target = new URL("http://127.0.0.1:1/");
    expect(() => encodeRequest(target, "POST", { "X-A": "1\r\nX-Injected: 1" }, "")).toThrow(/invalid character/);
    expect(() => encodeRequest(target, "POST", { "Bad Name": "1" }, "")).toThrow(/invalid header name/);
  });

  it("keeps a Host and Content-Length given, and turns user:password in the URL into Basic authorization", () => {
    const text = (url: string, headers: Record<string, string>) => encodeRequest(new URL(url), "POST", headers, "abc").toString("latin1");
    const given = text("http://127.0.0.1:9/p", { Host: "example.test", "Content-Length": "3" });
    expect(given.match(/^host:/gim)).toHaveLength(1);
    expect(given).toContain("Host: example.test\r\n");
    expect(given.match(/^content-length:/gim)).toHaveLength(1);
    expect(text("http://us%40er:p%3Ass@127.0.0.1:9/", {})).toContain(`Authorization: Basic ${Buffer.from("us@er:p:ss").toString("base64")}\r\n`);
    expect(text("http://127.0.0.1:9/a?b=c", {})).toMatch(/^POST \/a\?b=c HTTP\/1\.1\r\nHost: 127\.0\.0\.1:9\r\n[\s\S]*\r\n\r\nabc$/);
  });
});
