import { connect } from "node:net";
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { startListener, type Listener } from "../../src/listen/server.js";
import type { ReceivedRequest } from "../../src/listen/types.js";
import { setUpVerifiers } from "../../src/listen/setup.js";
import { stripe } from "../../src/providers/stripe/index.js";

// The bytes of the listener's answer, read off the socket: what every sender parses.
let listener: Listener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

async function answerTo(options: { status?: number }): Promise<{ head: string; reported: ReceivedRequest }> {
  const verifiers = await setUpVerifiers(undefined, {});
  let reported: ReceivedRequest | undefined;
  listener = await startListener({ port: 0, known: verifiers.known, onRequest: (r) => (reported = r), ...options });
  const body = JSON.stringify({ id: "evt_1", object: "event", type: "customer.created", data: { object: { object: "customer" } } });
  const signature = new Stripe("sk_test_wh_sim").webhooks.generateTestHeaderString({ payload: body, secret: stripe.testSecret });
  const socket = connect(listener.port, "127.0.0.1");
  socket.write(
    `POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nStripe-Signature: ${signature}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  let text = "";
  for await (const chunk of socket) {
    text += String(chunk);
    if (text.includes("\r\n\r\n")) break;
  }
  socket.destroy();
  return { head: text.slice(0, text.indexOf("\r\n\r\n")), reported: reported! };
}

describe("the listener's answer on the wire", () => {
  it("is empty with Content-Length: 0 for a delivery it accepts, not a chunked nothing", async () => {
    const { head, reported } = await answerTo({});
    expect(head.split("\r\n")[0]).toBe("HTTP/1.1 200 OK");
    expect(head).toMatch(/\r\ncontent-length: 0(\r\n|$)/i);
    expect(head).not.toMatch(/transfer-encoding/i);
    expect(reported).toMatchObject({ status: 200, inspection: { provider: "stripe", verdict: { status: "valid" } } });
  });

  it("says why in plain text for --status 409, its length given", async () => {
    const { head, reported } = await answerTo({ status: 409 });
    expect(head.split("\r\n")[0]).toBe("HTTP/1.1 409 Conflict");
    expect(head).toMatch(/\r\ncontent-type: text\/plain; charset=utf-8\r\n/i);
    expect(head).toMatch(/\r\ncontent-length: 20(\r\n|$)/i);
    expect(head).not.toMatch(/transfer-encoding/i);
    expect(reported.status).toBe(409);
  });
});
