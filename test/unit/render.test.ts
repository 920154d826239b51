import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/lib/errors.js";
import { createRandom } from "../../src/lib/random.js";
import { renderEvent } from "../../src/events/render.js";
import { hmacSigner } from "../../src/credentials.js";
import { prepareDelivery } from "../../src/delivery.js";
import { bridge } from "../../src/providers/bridge/index.js";
import { plaid } from "../../src/providers/plaid/index.js";
import { standard } from "../../src/providers/standard/index.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { STRIPE_API_VERSIONS } from "../../src/providers/stripe/events.generated.js";

const now = new Date(1_750_000_000_000);
const render = (event: string, extra: object = {}, seed = "1") =>
  renderEvent(stripe, { choice: stripe.resolveEvent(event, {}), now, random: createRandom(seed), options: {}, ...extra });

describe("rendering a Stripe fixture", () => {
  it("is byte-for-byte reproducible with a seed, and fresh without one", async () => {
    const a = await render("customer.created");
    const b = await render("customer.created");
    const c = await render("customer.created", {}, "2");
    expect(a.body).toBe(b.body);
    expect(JSON.parse(c.body).id).not.toBe(JSON.parse(a.body).id);
  });

  it("renews ids consistently, dates the event now and sets the envelope", async () => {
    const fixture = JSON.parse((await import("node:fs")).readFileSync(new URL("../../fixtures/stripe/payment_intent.succeeded.json", import.meta.url), "utf8"));
    const { body } = await render("payment_intent.succeeded");
    const event = JSON.parse(body);
    expect(event.id).toMatch(/^evt_/);
    expect(event.id).not.toBe(fixture.id);
    expect(event.created).toBe(1_750_000_000);
    expect(event.data.object.id).toMatch(/^pi_/);
    expect(event.data.object.id).not.toBe(fixture.data.object.id);
    expect(event.data.object.client_secret.startsWith(`${event.data.object.id}_secret_`)).toBe(true);
    expect(event.data.object.created - event.created).toBe(fixture.data.object.created - fixture.created);
    expect(event.livemode).toBe(false);
    expect(event.api_version).toBe(STRIPE_API_VERSIONS[0]);
  });

  it("applies --account, --api-version, --data and --override", async () => {
    const { body } = await render("account.updated", {
      options: { account: "acct_1TestConnected00", apiVersion: "2025-04-30.basil" },
      data: { data: { object: { metadata: { plan: "gold" } } } },
      edits: [
        { kind: "set", spec: "data.object.charges_enabled=false" },
        { kind: "set", spec: "data.object.email=ops@example.com" },
      ],
    });
    const event = JSON.parse(body);
    expect(event).toMatchObject({ account: "acct_1TestConnected00", context: "acct_1TestConnected00", api_version: "2025-04-30.basil" });
    expect(event.data.object).toMatchObject({ id: "acct_1TestConnected00", charges_enabled: false, email: "ops@example.com", metadata: { plan: "gold" } });
  });

  it("rejects an override path that does not exist, naming the keys that do", async () => {
    await expect(render("customer.created", { edits: [{ kind: "set", spec: "data.objekt.name=x" }] })).rejects.toThrow(/data has no "objekt"/);
    await expect(render("customer.created", { edits: [{ kind: "set", spec: "novalue" }] })).rejects.toBeInstanceOf(UsageError);
  });

  it("a typo's suggestion is the field it nearly spells, not a short key it happens to contain", async () => {
    await expect(render("invoice.paid", { edits: [{ kind: "set", spec: "data.object.amont_paid=5" }] })).rejects.toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/^did you mean amount_paid\?/) }),
    );
  });

  it("never adds a field by mistake: a typo in the last key is an error with did-you-mean; --add adds on purpose; --remove removes", async () => {
    const set = (spec: string) => render("customer.created", { edits: [{ kind: "set", spec }] });
    await expect(set("data.object.nme=x")).rejects.toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/^did you mean name\?; to add a field it does not have, use --add data\.object\.nme=…$/) }),
    );
    const added = JSON.parse(
      (
        await render("customer.created", {
          edits: [
            { kind: "add", spec: "data.object.nickname=x" },
            { kind: "add", spec: "data.object.extra.deep=1" },
          ],
        })
      ).body,
    );
    expect(added.data.object).toMatchObject({ nickname: "x", extra: { deep: 1 } });
    const removed = JSON.parse((await render("customer.created", { edits: [{ kind: "remove", spec: "data.object.name" }] })).body);
    expect(removed.data.object).not.toHaveProperty("name");
    await expect(render("customer.created", { edits: [{ kind: "remove", spec: "data.object.nme" }] })).rejects.toThrow(/has no "nme"/);
  });

  it("maps the Stripe CLI's resource:path to the event's object, and refuses a resource the event lacks", async () => {
    const event = JSON.parse((await render("customer.created", { edits: [{ kind: "set", spec: "customer:name=Ada" }] })).body);
    expect(event.data.object.name).toBe("Ada");
    expect(event).not.toHaveProperty("customer:name");
    await expect(render("customer.created", { edits: [{ kind: "set", spec: "payment_intent:amount=1" }] })).rejects.toThrow(/Stripe CLI's resource syntax/);
  });

  it("sends a custom body byte for byte, named by what it says", async () => {
    const custom = '{"type":"customer.created",  "id":"evt_custom"}\n';
    const out = await prepareDelivery(stripe, {
      choice: stripe.resolveEvent("customer.created", {}),
      signer: hmacSigner(stripe, ["whsec_x"]),
      options: {},
      now,
      customBody: custom,
    });
    expect(out).toMatchObject({ body: custom, event: "customer.created", id: "evt_custom" });
  });

  it("names a Standard Webhooks delivery by its signed webhook-id header", async () => {
    const out = await prepareDelivery(standard, {
      choice: standard.resolveEvent("invoice.paid", {}),
      signer: hmacSigner(standard, [standard.testSecret]),
      options: {},
      now,
    });
    expect(out.event).toBe("invoice.paid");
    expect(out.id).toMatch(/^msg_[A-Za-z0-9]{27}$/);
    expect(out.id).toBe(out.headers["webhook-id"]);
  });
});

describe("finding an event", () => {
  it("suggests the closest names for a typo", () => {
    expect(() => stripe.resolveEvent("customer.craeted", {})).toThrow(
      expect.objectContaining({ name: "UsageError", hint: expect.stringContaining("customer.created") }),
    );
  });

  it("lets each provider say what a name means: Standard Webhooks takes any name, Bridge picks the API version's variant", () => {
    expect(standard.resolveEvent("invoice.paid", {})).toEqual({ name: "invoice.paid", fixture: "ping" });
    expect(standard.resolveEvent("PING", {})).toEqual({ name: "ping" });
    expect(() => standard.resolveEvent("ping@nope", {})).toThrow(/no variant/);
    expect(bridge.resolveEvent("item.refreshed", { apiVersion: "2021.06.01" })).toEqual({ name: "item.refreshed", variant: "2021.06.01" });
    expect(bridge.resolveEvent("item.refreshed", {})).toEqual({ name: "item.refreshed" });
    expect(bridge.resolveEvent("item.refreshed@login_failed", { apiVersion: "2021.06.01" })).toEqual({ name: "item.refreshed", variant: "login_failed" });
    expect(() => bridge.resolveEvent("item.refreshed", { apiVersion: "1999" })).toThrow(/unknown Bridge API version/);
    expect(plaid.resolveEvent("sync_updates_available", {})).toEqual({ name: "TRANSACTIONS.SYNC_UPDATES_AVAILABLE" });
  });
  it("accepts variants shipped as event@variant", () => {
    expect(stripe.resolveEvent("customer.source.created@bank_account", {})).toEqual({ name: "customer.source.created", variant: "bank_account" });
    expect(() => stripe.resolveEvent("customer.source.created@nope", {})).toThrow(/no variant/);
  });
});
