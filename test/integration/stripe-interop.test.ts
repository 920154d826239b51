import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDelivery } from "../../src/delivery.js";
import { hmacSigner } from "../../src/credentials.js";
import { deliver } from "../../src/http/deliver.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { startTargetServer } from "../helpers/target-server.js";

const SECRET = stripe.testSecret;
const stripeNode = new Stripe("sk_test_wh_sim");

/** The app under test: verifies every request with stripe-node's constructEvent. */
function verifyingApp(secret: string, receivedAt?: () => number) {
  return startTargetServer(({ rawBody, headers }) => {
    try {
      const event = stripeNode.webhooks.constructEvent(rawBody, headers["stripe-signature"] as string, secret, undefined, undefined, receivedAt?.());
      return { status: 200, body: event.type };
    } catch (error) {
      return { status: 400, body: (error as Error).message };
    }
  });
}

const send = async (url: string, event: string, secrets = [SECRET], now = new Date()) => {
  const prepared = await prepareDelivery(stripe, { choice: stripe.resolveEvent(event, {}), signer: hmacSigner(stripe, secrets), options: {}, now });
  return deliver({ url, body: prepared.body, headers: prepared.headers, timeoutMs: 10_000 });
};

describe("stripe-node constructEvent accepts what trigger sends", () => {
  let app: Awaited<ReturnType<typeof verifyingApp>>;
  beforeAll(async () => (app = await verifyingApp(SECRET)));
  afterAll(() => app.close());

  it("for every one of the 265 events and every variant", async () => {
    const names = stripe.events.flatMap((e) => [e.name, ...(e.variants ?? []).map((v) => `${e.name}@${v}`)]);
    const results = await Promise.all(names.map(async (name) => ({ name, ...(await send(app.url, name)) })));
    const rejected = results.filter((r) => r.status !== 200).map((r) => `${r.name}: ${r.body}`);
    expect(rejected).toEqual([]);
    expect(results.map((r) => r.body)).toEqual(names.map((n) => n.split("@")[0]));
    expect(results.length).toBeGreaterThanOrEqual(265);
  });

  it("with rotation, by either secret", async () => {
    const other = await verifyingApp("whsec_rotatedSecret");
    try {
      const both = [SECRET, "whsec_rotatedSecret"];
      expect((await send(app.url, "customer.created", both)).status).toBe(200);
      expect((await send(other.url, "customer.created", both)).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it("and rejects a wrong secret or a stale timestamp", async () => {
    const wrong = await send(app.url, "customer.created", ["whsec_wrong"]);
    expect(wrong).toMatchObject({ status: 400, body: expect.stringContaining("No signatures found matching") });
    const stale = await send(app.url, "customer.created", [SECRET], new Date(Date.now() - 301_000));
    expect(stale).toMatchObject({ status: 400, body: expect.stringContaining("Timestamp outside the tolerance zone") });
  });
});
