// Stripe's webhook endpoints, offline, as stripe-node calls them: the secret only in the create
// answer (as Stripe gives it), and at most 16 per account, with Stripe's error past that.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type Hook } from "../../src/index.js";

let hook: Hook;
let stripe: Stripe;
beforeAll(async () => {
  hook = await listen();
  const { hostname, port } = new URL(hook.url);
  stripe = new Stripe("sk_test_endpoints", { host: hostname, port: Number(port), protocol: "http", maxNetworkRetries: 0 });
});
afterAll(() => hook.close());

describe("Stripe webhook endpoints, offline", () => {
  it("gives the secret when it creates one, never when it lists or retrieves it", async () => {
    const created = await stripe.webhookEndpoints.create({ url: "http://127.0.0.1:9/hook", enabled_events: ["*"] });
    expect(created.secret).toMatch(/^whsec_/);
    const retrieved = await stripe.webhookEndpoints.retrieve(created.id);
    expect(retrieved.id).toBe(created.id);
    expect(retrieved).not.toHaveProperty("secret");
    const listed = await stripe.webhookEndpoints.list();
    expect(listed.data.length).toBeGreaterThan(0);
    for (const endpoint of listed.data) expect(endpoint).not.toHaveProperty("secret");
    await stripe.webhookEndpoints.del(created.id);
  });

  it("refuses a 17th endpoint with Stripe's error; one deleted makes room again", async () => {
    // Up to the limit, counting any this world holds already.
    const made = (await stripe.webhookEndpoints.list({ limit: 100 })).data.map((e) => e.id);
    for (let i = made.length; i < 16; i++) made.push((await stripe.webhookEndpoints.create({ url: `http://127.0.0.1:9/${i}`, enabled_events: ["*"] })).id);
    const refused = await stripe.webhookEndpoints.create({ url: "http://127.0.0.1:9/17", enabled_events: ["*"] }).catch((e: Stripe.errors.StripeError) => e);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((refused as Stripe.errors.StripeError).message).toMatch(/maximum of 16 test webhook endpoints/);
    await stripe.webhookEndpoints.del(made[0]!);
    expect((await stripe.webhookEndpoints.create({ url: "http://127.0.0.1:9/again", enabled_events: ["*"] })).id).toMatch(/^we_/);
  });
});
