import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { findEvent } from "../../src/fixtures/find-event.js";
import { createRandom } from "../../src/fixtures/random.js";
import { renderEvent } from "../../src/fixtures/render.js";
import { stripe } from "../../src/providers/stripe/index.js";

const now = new Date(1_750_000_000_000);
const render = (event: string, extra: object = {}, seed = "1") =>
  renderEvent(stripe, { choice: findEvent(stripe, event), now, random: createRandom(seed), options: {}, ...extra });

describe("rendering a Stripe fixture", () => {
  it("is byte-for-byte reproducible with a seed, and fresh without one", async () => {
    const a = await render("customer.created");
    const b = await render("customer.created");
    const c = await render("customer.created", {}, "2");
    expect(a.body).toBe(b.body);
    expect(c.id).not.toBe(a.id);
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
    expect(event.api_version).toBe("2026-07-29.dahlia");
  });

  it("applies --account, --api-version, --data and --override", async () => {
    const { body } = await render("account.updated", {
      options: { account: "acct_1TestConnected00", apiVersion: "2025-04-30.basil" },
      data: { data: { object: { metadata: { plan: "gold" } } } },
      overrides: ["data.object.charges_enabled=false", "data.object.email=ops@example.com"],
    });
    const event = JSON.parse(body);
    expect(event).toMatchObject({ account: "acct_1TestConnected00", context: "acct_1TestConnected00", api_version: "2025-04-30.basil" });
    expect(event.data.object).toMatchObject({ id: "acct_1TestConnected00", charges_enabled: false, email: "ops@example.com", metadata: { plan: "gold" } });
  });

  it("rejects an override path that does not exist, naming the keys that do", async () => {
    await expect(render("customer.created", { overrides: ["data.objekt.name=x"] })).rejects.toThrow(/data has no object "objekt"/);
    await expect(render("customer.created", { overrides: ["novalue"] })).rejects.toBeInstanceOf(UsageError);
  });

  it("sends a custom body byte for byte", async () => {
    const custom = '{"type":"customer.created",  "id":"evt_custom"}\n';
    const out = await render("customer.created", { customBody: custom });
    expect(out).toEqual({ body: custom, event: "customer.created", id: "evt_custom" });
  });
});

describe("finding an event", () => {
  it("suggests the closest names for a typo", () => {
    expect(() => findEvent(stripe, "customer.craeted")).toThrow(UsageError);
    try {
      findEvent(stripe, "customer.craeted");
    } catch (error) {
      expect((error as UsageError).hint).toContain("customer.created");
    }
  });
  it("accepts variants shipped as event@variant", () => {
    expect(findEvent(stripe, "customer.source.created@bank_account")).toEqual({ name: "customer.source.created", variant: "bank_account" });
    expect(() => findEvent(stripe, "customer.source.created@nope")).toThrow(/no variant/);
  });
});
