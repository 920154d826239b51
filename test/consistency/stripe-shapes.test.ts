// Every Stripe body we send, checked against the object definitions Stripe generates into
// stripe-node's TypeScript declarations: stripe-node 23.2 for the newest API version (the default,
// 2026-11-18.endive), the aliased 23.1 for 2026-10-28.endive and 22 for 2026-07-29.dahlia.
import { readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { fixturePath } from "../../src/events/fixture-file.js";
import { renderEvent } from "../../src/events/render.js";
import { createRandom } from "../../src/lib/random.js";
import { STRIPE_API_VERSIONS, STRIPE_EVENTS } from "../../src/providers/stripe/events.generated.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { checkEvent, checkShape, loadStripeShapes, STRIPE_PACKAGES, type StripeShapes } from "../../scripts/lib/stripe-shapes.mjs";

const [ENDIVE, OCTOBER_ENDIVE, DAHLIA] = STRIPE_API_VERSIONS;
const fixtures = (choice: { name: string; variant?: string; fixture?: string }) => JSON.parse(readFileSync(fixturePath("stripe", choice), "utf8"));
const everyChoice = STRIPE_EVENTS.flatMap((e) => [e.name, ...(e.variants ?? []).map((v) => `${e.name}@${v}`)]);
const problems = (event: unknown, shapes: StripeShapes) => checkEvent(event, shapes).map((e) => `${e.path} ${e.message}`);

let endive: StripeShapes;
let older: StripeShapes[];
beforeAll(() => {
  [endive, ...older] = STRIPE_PACKAGES.map((name: string) => loadStripeShapes(name)) as [StripeShapes, ...StripeShapes[]];
}, 90_000);

describe("Stripe bodies against stripe-node's types", () => {
  it("the catalogue is stripe-node 23.2's: every v1 event type at its API version, the default", () => {
    expect(endive.version).toBe(ENDIVE);
    expect(older.map((s) => s.version)).toEqual([OCTOBER_ENDIVE, DAHLIA]);
    expect(STRIPE_EVENTS.map((e) => e.name).sort()).toEqual([...endive.events.keys()].sort());
    expect(STRIPE_EVENTS).toHaveLength(275);
    for (const name of ["apps.install.created", "apps.install.updated", "apps.install.deleted", "three_d_secure.authentication.succeeded"]) {
      expect(STRIPE_EVENTS.find((e) => e.name === name)?.versions).toEqual([ENDIVE, OCTOBER_ENDIVE]);
    }
  });

  it("every fixture and variant at the newest version is valid against stripe-node 23.2", () => {
    const invalid = everyChoice.flatMap((input) => {
      const errors = problems(fixtures(stripe.resolveEvent(input, {})), endive);
      return errors.length ? [`${input}: ${errors.join("; ")}`] : [];
    });
    expect(invalid).toEqual([]);
  });

  it.each([
    [1, 275 + 14],
    [2, 265 + 14],
  ])("every event at each older version is valid against that version's stripe-node; newer types are refused (%#)", (index, expected) => {
    const shapes = older[index - 1]!;
    const apiVersion = shapes.version;
    const invalid: string[] = [];
    let checked = 0;
    for (const input of everyChoice) {
      const name = input.split("@")[0]!;
      if (!shapes.events.has(name)) {
        expect(() => stripe.resolveEvent(input, { apiVersion })).toThrow(`does not exist at Stripe API version ${apiVersion}`);
        continue;
      }
      const event = fixtures(stripe.resolveEvent(input, { apiVersion }));
      const errors = problems({ ...event, api_version: apiVersion }, shapes);
      if (errors.length) invalid.push(`${input}: ${errors.join("; ")}`);
      checked++;
    }
    expect(invalid).toEqual([]);
    expect(checked).toBe(expected);
  });

  it("delivered events stay valid: fresh ids, --account, each version's api_version", async () => {
    for (const shapes of [endive, ...older]) {
      const apiVersion = shapes.version;
      for (const input of ["invoice.paid", "account.updated", "customer.subscription.updated", "financial_connections.account.refreshed_balance"]) {
        const choice = stripe.resolveEvent(input, { apiVersion });
        const options = { apiVersion, account: "acct_1Q2w3E4r5T6y7U8i" };
        const { payload } = await renderEvent(stripe, { choice, now: new Date(), random: createRandom("shapes"), options });
        expect(payload).toMatchObject({ api_version: apiVersion, account: options.account });
        expect(problems(payload, shapes)).toEqual([]);
      }
    }
  });

  it("names each way a body can differ from Stripe's type", () => {
    const event = fixtures({ name: "payment_intent.succeeded" });
    const object = event.data.object;
    object.amount = "2000";
    object.status = "paid";
    object.transfer_data = { destination: { id: "acct_1", object: "account" } };
    object.surprise = true;
    delete object.currency;
    object.metadata = { order: 6735 };
    const found = problems(event, endive).sort();
    expect(found).toHaveLength(6);
    expect(found).toEqual(
      expect.arrayContaining([
        "data.object.amount is a string; expected number",
        "data.object.currency is missing (required by PaymentIntent)",
        "data.object.metadata.order is 6735; expected string",
        expect.stringMatching(/^data\.object\.status "paid" is not one of .*"requires_payment_method"/),
        "data.object.surprise is not a property of PaymentIntent",
        "data.object.transfer_data.destination is an expanded object; a webhook carries the id string here",
      ]),
    );
    const info = endive.events.get("customer.updated")!;
    expect(checkShape({ address: { city: "Berlin" }, nickname: "x" }, info.object, "data.previous_attributes", true)).toEqual([
      { path: "data.previous_attributes.nickname", message: "is not a property of Customer" },
    ]);
  });
});

describe("what the types cannot see", () => {
  const all = () => readdirSync(fixturesDir()).filter((f) => f.endsWith(".json"));
  const fixturesDir = () => fixturePath("stripe", { name: "x" }).replace(/x\.json$/, "");
  const read = (file: string) => JSON.parse(readFileSync(fixturesDir() + file, "utf8"));

  it("previous_attributes only on *.updated events, and only fields whose value changed", () => {
    for (const file of all()) {
      const { type, data } = read(file);
      if (!type.endsWith(".updated")) expect(data.previous_attributes, file).toBeUndefined();
      else expect(unchangedLeaves(data.previous_attributes ?? {}, data.object), file).toEqual([]);
    }
  });

  it("an event an API request causes carries its req_ id; one Stripe raises itself carries none", () => {
    expect(read("customer.created.json").request).toEqual({ id: expect.stringMatching(/^req_[A-Za-z0-9]{14}$/), idempotency_key: expect.any(String) });
    expect(read("product.updated.json").request.id).toMatch(/^req_/);
    for (const file of ["payout.paid.json", "balance.available.json", "financial_connections.account.refreshed_balance.json", "invoice.upcoming.json"]) {
      expect(read(file).request, file).toEqual({ id: null, idempotency_key: null });
    }
  });

  it("newer resources' test-mode ids carry _test_; no leftover constants", () => {
    const text = all()
      .map((f) => readFileSync(fixturesDir() + f, "utf8"))
      .join("\n");
    for (const prefix of ["credgr", "cbtxn", "mtr", "ent", "feat"]) expect(text).not.toMatch(new RegExp(`"${prefix}_(?!test_)`));
    expect(text).not.toMatch(/1234567890|123456789|\.dev\.stripe\.me/);
    const invoice = read("invoice.paid.json").data.object;
    expect(invoice.parent).toMatchObject({
      type: "subscription_details",
      quote_details: null,
      subscription_details: { subscription: expect.stringMatching(/^sub_/) },
    });
    expect(invoice).not.toHaveProperty("subscription");
  });

  it("an edited field leaves previous_attributes when it no longer differs", async () => {
    const choice = stripe.resolveEvent("account.updated", {});
    const render = (spec: string) =>
      renderEvent(stripe, { choice, now: new Date(), random: createRandom("edit"), options: {}, edits: [{ kind: "set", spec }] }).then(
        (r) => (r.payload as { data: { previous_attributes?: Record<string, unknown> } }).data.previous_attributes,
      );
    const previous = await render("data.object.charges_enabled=false");
    expect(previous).not.toHaveProperty("charges_enabled");
    expect(previous).toMatchObject({ payouts_enabled: false });
    expect(await render("data.object.email=x@example.com")).toMatchObject({ charges_enabled: false });
  });

  it("metadata keeps the order its keys were set in; everything else is sorted", () => {
    const body = stripe.serialize({ id: "evt_1", object: "event", data: { object: { metadata: { zebra: "1", apple: "2" }, b: 1, a: 2 } } });
    expect(body.indexOf('"zebra"')).toBeLessThan(body.indexOf('"apple"'));
    expect(body.indexOf('"a"')).toBeLessThan(body.indexOf('"b"'));
  });
});

function unchangedLeaves(previous: Record<string, unknown>, object: Record<string, unknown>, path = ""): string[] {
  return Object.entries(previous).flatMap(([k, v]) => {
    const now = object?.[k];
    const at = path ? `${path}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v) && now && typeof now === "object" && Object.keys(v).length) {
      return unchangedLeaves(v as Record<string, unknown>, now as Record<string, unknown>, at);
    }
    return JSON.stringify(v) === JSON.stringify(now) ? [at] : [];
  });
}
