// wh-sim's Artillery hook, called as Artillery calls it (the real `artillery run` is in the slow lane).
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { whSimSign, type ArtilleryRequest } from "../../src/library/artillery.js";
import { stripe } from "../../src/providers/stripe/index.js";

const stripeNode = new Stripe("sk_test_wh_sim");
const signed = (vars: Record<string, unknown>, request: ArtilleryRequest = { url: "/webhook", json: { templated: "{{ x }}" } }) =>
  new Promise<ArtilleryRequest>((resolve, reject) => whSimSign(request, { vars }, undefined, (error) => (error ? reject(error) : resolve(request))));

describe("the Artillery hook", () => {
  it("puts a fresh signed event in each request: a Buffer body, the provider's headers, no redirects", async () => {
    const vars = { whSimProvider: "stripe", whSimEvent: "customer.created" };
    const [a, b] = [await signed(vars), await signed(vars)];
    for (const request of [a, b]) {
      expect(request.body).toBeInstanceOf(Buffer);
      expect(request.json).toBeUndefined();
      expect(request.followRedirect).toBe(false);
      const event = stripeNode.webhooks.constructEvent(request.body as Buffer, request.headers!["Stripe-Signature"]!, stripe.testSecret);
      expect(event.type).toBe("customer.created");
    }
    expect(JSON.parse(String(a.body)).id).not.toBe(JSON.parse(String(b.body)).id);
  });

  it("walks a scenario's steps per virtual user, with the user's secret and options", async () => {
    const vars = { whSimProvider: "stripe", whSimScenario: "fc-account-lifecycle", whSimSecret: "whsec_loadTest123" };
    const events: string[] = [];
    for (let i = 0; i < 6; i++) {
      const request = await signed(vars);
      events.push(stripeNode.webhooks.constructEvent(request.body as Buffer, request.headers!["Stripe-Signature"]!, "whsec_loadTest123").type);
    }
    expect(events).toEqual([
      "financial_connections.account.created",
      "financial_connections.account.refreshed_balance",
      "financial_connections.account.refreshed_transactions",
      "financial_connections.account.deactivated",
      "financial_connections.account.reactivated",
      "financial_connections.account.created",
    ]);
  });

  it("a missing or unknown provider is an error through Artillery's callback, not a crash", async () => {
    await expect(signed({})).rejects.toThrow(/whSimProvider/);
    await expect(signed({ whSimProvider: "paypal", whSimEvent: "x" })).rejects.toThrow(/unknown provider "paypal"/);
  });
});
