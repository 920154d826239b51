// Thin (v2) events, judged by stripe-node 23 end to end: parseEventNotification verifies what
// trigger sends straight to the app, and fetchEvent() / fetchRelatedObject() call back a spawned
// `wh-sim listen`, which rebuilds both from the event id alone.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hmacSigner } from "../../src/credentials.js";
import { prepareDelivery } from "../../src/delivery.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { STRIPE_THIN_EVENTS } from "../../src/providers/stripe/thin-events.generated.js";
import { checkShape, loadThinShapes, type ThinShapes } from "../../scripts/lib/stripe-shapes.mjs";
import { scenario, trigger } from "../../src/index.js";
import { startListenCli } from "../helpers/listen-cli.js";
import { startTargetServer } from "../helpers/target-server.js";

const SECRET = stripe.testSecret;
type Notification = {
  id: string;
  type: string;
  context?: unknown;
  related_object?: { id?: string; url: string };
  fetchEvent(): Promise<unknown>;
  fetchRelatedObject(): Promise<unknown>;
};

const thinDelivery = async (input: string, options: { account?: string } = {}, now = new Date()) => {
  const prepared = await prepareDelivery(stripe, { choice: stripe.resolveEvent(input, options), signer: hmacSigner(stripe, [SECRET]), options, now });
  return { body: prepared.body, header: prepared.headers["Stripe-Signature"]! };
};

let listener: ReturnType<typeof startListenCli>;
let client: Stripe;
let shapes: ThinShapes;
beforeAll(async () => {
  listener = startListenCli([]);
  const url = new URL(await listener.ready);
  // The two lines that point a stripe-node client at wh-sim (as the README shows).
  client = new Stripe("sk_test_wh_sim", { host: url.hostname, port: Number(url.port), protocol: "http", maxNetworkRetries: 0 });
  shapes = loadThinShapes("stripe");
}, 60_000);
afterAll(() => listener.stop());

describe("thin events", () => {
  it("the catalogue is stripe-node 23's: every thin type, listed and marked thin", () => {
    expect(STRIPE_THIN_EVENTS.map((e) => e.name).sort()).toEqual([...shapes.events.keys()].sort());
    expect(STRIPE_THIN_EVENTS.length).toBeGreaterThan(300);
    expect(STRIPE_THIN_EVENTS.every((e) => e.flags?.includes("thin"))).toBe(true);
  });

  it("for every thin type: parseEventNotification accepts it, and the fetched event and object match it and Stripe's types", async () => {
    const failures: string[] = [];
    await Promise.all(
      STRIPE_THIN_EVENTS.map(async ({ name }) => {
        const { body, header } = await thinDelivery(name);
        const notification = client.parseEventNotification(body, header, SECRET) as unknown as Notification;
        const info = shapes.events.get(name)!;
        const event = (await notification.fetchEvent()) as Record<string, unknown>;
        const problems = checkShape(JSON.parse(JSON.stringify(event)), info.event).map((p) => `event ${p.path} ${p.message}`);
        if (event.id !== notification.id || event.type !== name) problems.push(`fetched event ${String(event.id)} is not ${notification.id}`);
        if (info.related) {
          const object = (await notification.fetchRelatedObject()) as Record<string, unknown>;
          problems.push(...checkShape(JSON.parse(JSON.stringify(object)), info.related).map((p) => `object ${p.path} ${p.message}`));
          if (notification.related_object?.id !== undefined && object.id !== notification.related_object.id)
            problems.push(`object ${String(object.id)} is not ${notification.related_object.id}`);
          expect(JSON.parse(body).related_object).toEqual(event.related_object);
        } else {
          expect(await notification.fetchRelatedObject()).toBeNull();
        }
        if (problems.length) failures.push(`${name}: ${problems.join("; ")}`);
      }),
    );
    expect(failures).toEqual([]);
  }, 120_000);

  it("the claimable sandbox events of 2026-11-18 fetch back a sandbox in the state each names", async () => {
    const names = ["claimed", "created", "expired", "expiring", "updated"].map((s) => `v2.core.claimable_sandbox.${s}`);
    expect(STRIPE_THIN_EVENTS.map((e) => e.name)).toEqual(expect.arrayContaining(names));
    const states: Record<string, string> = {};
    for (const name of names) {
      const { body, header } = await thinDelivery(name);
      const notification = client.parseEventNotification(body, header, SECRET) as unknown as Notification;
      const sandbox = (await notification.fetchRelatedObject()) as { object: string; status: string; prefill: { email: string } };
      expect(sandbox).toMatchObject({ object: "v2.core.claimable_sandbox", prefill: { email: expect.stringContaining("@") } });
      states[name.split(".").pop()!] = sandbox.status;
    }
    expect(states).toEqual({ claimed: "claimed", created: "unclaimed", expired: "expired", expiring: "unclaimed", updated: "unclaimed" });
  });

  it("the push body is a notification: no data, an ISO time, a test-mode evt id, context from --account", async () => {
    const { body, header } = await thinDelivery("v2.core.account.created", { account: "acct_1Q2w3E4r5T6y7U8i" });
    const push = JSON.parse(body);
    expect(Object.keys(push)).toEqual(["id", "object", "type", "created", "livemode", "context", "reason", "related_object"]);
    expect(push).toMatchObject({
      object: "v2.core.event",
      livemode: false,
      context: "acct_1Q2w3E4r5T6y7U8i",
      related_object: { id: "acct_1Q2w3E4r5T6y7U8i", type: "v2.core.account" },
    });
    expect(push.id).toMatch(/^evt_test_[0-9A-Za-z]+$/);
    expect(new Date(push.created).toISOString()).toBe(push.created);
    const notification = client.parseEventNotification(body, header, SECRET) as unknown as Notification;
    expect(String(notification.context)).toBe("acct_1Q2w3E4r5T6y7U8i");
    expect(await notification.fetchEvent()).toMatchObject({ id: push.id, context: "acct_1Q2w3E4r5T6y7U8i" });
    expect(await notification.fetchRelatedObject()).toMatchObject({ id: "acct_1Q2w3E4r5T6y7U8i", object: "v2.core.account" });
    expect((await thinDelivery("v2.core.event_destination.ping")).body).toMatch(/"context": null/);
  });

  it("Stripe keeps snapshot and thin apart: each parser refuses the other's events", async () => {
    const thin = await thinDelivery("v1.customer.created");
    expect(() => client.webhooks.constructEvent(thin.body, thin.header, SECRET)).toThrow(/thin event/);
    const snapshot = await thinDelivery("customer.created");
    expect(() => client.parseEventNotification(snapshot.body, snapshot.header, SECRET)).toThrow(/constructEvent/);
  });

  it("a wrong secret and a stale timestamp are rejected", async () => {
    const { body, header } = await thinDelivery("v2.core.account.updated", {}, new Date(Date.now() - 10 * 60_000));
    expect(() => client.parseEventNotification(body, header, "whsec_other")).toThrow(/No signatures found matching/);
    expect(() => client.parseEventNotification(body, header, SECRET)).toThrow(/tolerance/);
  });

  it("answers as Stripe's API does: 404 for unknown ids or the wrong context, 401 without a test key", async () => {
    await expect(client.v2.core.events.retrieve("evt_test_65R9Ijk8cxIEYQyJ3Ml16R9pcTYkQlqvsYqYZt8kjUZxt6")).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      type: "StripeInvalidRequestError",
    });
    const { body, header } = await thinDelivery("v2.core.account.created", { account: "acct_1Q2w3E4r5T6y7U8i" });
    const id = (client.parseEventNotification(body, header, SECRET) as unknown as Notification).id;
    await expect(client.v2.core.events.retrieve(id)).rejects.toMatchObject({
      statusCode: 404,
      message: expect.stringContaining("Stripe-Context: acct_1Q2w3E4r5T6y7U8i"),
    });
    const url = await listener.ready;
    const anonymous = await fetch(`${url}/v2/core/events/${id}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { message: expect.stringContaining("You did not provide an API key"), type: "invalid_request_error" } });
    const live = await fetch(`${url}/v2/core/events/${id}`, { headers: { authorization: "Bearer sk_live_abcdefgh1234" } });
    expect(live.status).toBe(401);
  });

  it("a retrieve by the object's own URL works once the event was fetched", async () => {
    const { body, header } = await thinDelivery("v2.money_management.outbound_payment.posted");
    const notification = client.parseEventNotification(body, header, SECRET) as unknown as Notification;
    await notification.fetchEvent();
    const object = await client.v2.moneyManagement.outboundPayments.retrieve(notification.related_object!.id!);
    expect(object).toMatchObject({ id: notification.related_object!.id, object: "v2.money_management.outbound_payment" });
  });

  /** An app that handles thin events as stripe-node tells it to: verify, then fetch the object back. */
  const thinApp = () =>
    startTargetServer(async ({ rawBody, headers }) => {
      try {
        const notification = client.parseEventNotification(rawBody, headers["stripe-signature"] as string, SECRET) as unknown as Notification;
        const object = (await notification.fetchRelatedObject()) as { id: string };
        return { status: 200, body: `${notification.id} ${object.id}` };
      } catch (error) {
        return { status: 400, body: (error as Error).message };
      }
    });

  it("the thin Connect onboarding scenario speaks of one account throughout, fetched back each time", async () => {
    const app = await thinApp();
    try {
      const reports = await scenario("stripe", "thin-connect-onboarding", { url: app.url });
      expect(reports.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      const accounts = app.received.map((r) => r.answer!.split(" ")[1]);
      expect(new Set(accounts).size).toBe(1);
      expect(accounts[0]).toMatch(/^acct_/);
      expect(new Set(app.received.map((r) => JSON.parse(r.rawBody.toString()).related_object.id))).toEqual(new Set(accounts));
    } finally {
      await app.close();
    }
  });

  it("a duplicated thin event is the same notification twice, and both fetch back", async () => {
    const app = await thinApp();
    try {
      const result = await trigger("stripe", "v2.core.account_person.created", { url: app.url, chaos: { duplicate: 1 } });
      expect(result.deliveries.map((d) => d.status)).toEqual([200, 200]);
      const [first, second] = app.received.map((r) => r.answer);
      expect(first).toBe(second);
      expect(first).toMatch(/^evt_test_\S+ person_test_/);
    } finally {
      await app.close();
    }
  });
});
