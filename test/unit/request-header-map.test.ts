import { createServer, type IncomingMessage } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { headerMap, headerPairs, requestHeaderMap } from "../../src/http/hop-by-hop.js";

/** The request a real node:http server makes of these header lines. */
async function received(lines: string[]): Promise<IncomingMessage> {
  const server = createServer();
  const got = new Promise<IncomingMessage>((resolve) =>
    server.on("request", (req: IncomingMessage, res) => {
      req.resume();
      req.on("end", () => {
        resolve(req);
        res.end();
      });
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const socket = connect((server.address() as AddressInfo).port, "127.0.0.1");
  socket.write(`POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines.map((l) => `${l}\r\n`).join("")}Content-Length: 2\r\n\r\n{}`);
  socket.resume();
  try {
    return await got;
  } finally {
    socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

const mapOf = (req: IncomingMessage) => requestHeaderMap(req, headerPairs(req.rawHeaders));
const ours = (req: IncomingMessage) => ({ ...headerMap(headerPairs(req.rawHeaders)) });

describe("a request's header map", () => {
  it("is Node's own when no name repeats, with the same names and values as headerMap's", async () => {
    const req = await received(["Stripe-Signature: t=1,v1=ab", "Content-Type: application/json", "X-Empty:", "constructor: a"]);
    const map = mapOf(req);
    expect(map).toBe(req.headers);
    expect({ ...map }).toEqual(ours(req));
    expect(map.constructor).toBe("a");
  });

  it.each([
    ["a repeated signature", ["Stripe-Signature: t=1,v1=ab", "Stripe-Signature: t=2,v1=cd"], "stripe-signature", "t=1,v1=ab, t=2,v1=cd"],
    [
      "a repeated Content-Type (Node keeps the first)",
      ["Content-Type: application/json", "Content-Type: text/plain"],
      "content-type",
      "application/json, text/plain",
    ],
    ["a repeated Authorization (Node keeps the first)", ["Authorization: Basic a", "Authorization: Basic b"], "authorization", "Basic a, Basic b"],
    ["a Set-Cookie (Node's is an array)", ["Set-Cookie: a=1"], "set-cookie", "a=1"],
    ["a header named __proto__ (Node's map cannot hold it)", ["__proto__: x"], "__proto__", "x"],
  ])("is headerMap's for %s: every value kept, as text", async (_, lines, name, value) => {
    const req = await received(lines);
    const map = mapOf(req);
    expect(map).not.toBe(req.headers);
    expect(Object.getOwnPropertyDescriptor(map, name)?.value).toBe(value);
    expect({ ...map }).toEqual(ours(req));
  });
});
