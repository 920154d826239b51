import { describe, expect, it } from "vitest";
import { loadFixtureJson } from "../../src/events/fixture-file.js";
import { compileJsonTemplate } from "../../src/lib/json-template.js";
import type { Json } from "../../src/lib/json.js";
import { mapJson } from "../../src/lib/json.js";
import { createRandom } from "../../src/lib/random.js";
import { STRIPE_API_VERSIONS, STRIPE_EVENTS } from "../../src/providers/stripe/events.generated.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { resolveStripeEvent } from "../../src/providers/stripe/versions.js";

// Every shipped snapshot fixture, at every API version it exists at, plain and as each variant.
const cases = STRIPE_EVENTS.flatMap((e) =>
  e.versions.flatMap((version) => [undefined, ...(e.variants ?? [])].map((variant) => ({ version, input: variant ? `${e.name}@${variant}` : e.name }))),
);

describe("Stripe events rendered from a template", () => {
  it(`give the bytes materialise + serialise give, and the same description, for all ${cases.length} fixtures`, async () => {
    let templated = 0;
    for (const { version, input } of cases) {
      const options = { apiVersion: version };
      const choice = resolveStripeEvent(input, version);
      const fixture = await loadFixtureJson("stripe", choice);
      const ctx = (seed: string) => ({ now: new Date(1_790_000_123_000), random: createRandom(seed), options });
      const quick = stripe.renderFromTemplate!(fixture, choice.name, ctx(input));
      expect(quick, input).toBeDefined();
      templated++;
      const payload = stripe.materialize(fixture, choice.name, ctx(input));
      expect(quick!.body, `${input} at ${version}`).toBe(stripe.serialize(payload));
      expect(quick!.described).toEqual(stripe.describe(payload, {}));
    }
    expect(templated).toBe(cases.length);
  });

  it("are not used where they cannot promise the same bytes: --account, thin events", async () => {
    const fixture = await loadFixtureJson("stripe", resolveStripeEvent("customer.created", undefined));
    const random = createRandom("x");
    expect(stripe.renderFromTemplate!(fixture, "customer.created", { now: new Date(), random, options: { account: "acct_1AbCdEfGhIjKlMnO" } })).toBeUndefined();
    const thin = resolveStripeEvent("v2.core.account.created", undefined);
    expect(stripe.renderFromTemplate!(await loadFixtureJson("stripe", thin), thin.name, { now: new Date(), random, options: {} })).toBeUndefined();
    expect(STRIPE_API_VERSIONS.length).toBeGreaterThan(1);
  });
});

describe("a JSON template", () => {
  const value: Json = { a: [1, "x", { b: null, c: [] }], d: {}, e: 'Ünïcode "quoted" \u2028', f: [[]], g: -0, h: 1e21 };
  it("renders what JSON.stringify(…, null, 2) gives, holes filled in mapJson's order", () => {
    const template = compileJsonTemplate(value, (leaf) => (typeof leaf === "string" || leaf === null ? "changing" : undefined));
    expect(template.holes.map((h) => [h.value, h.key])).toEqual([
      ["x", "a"],
      [null, "b"],
      ['Ünïcode "quoted" \u2028', "e"],
    ]);
    expect(template.render(template.holes.map((h) => h.value))).toBe(JSON.stringify(value, null, 2));
    const replaced = ["y\n", 7, "z"];
    let i = 0;
    const mapped = mapJson(value, (leaf) => (typeof leaf === "string" || leaf === null ? replaced[i++]! : leaf));
    expect(template.render(replaced)).toBe(JSON.stringify(mapped, null, 2));
  });

  it("of a value with no changing leaf is the value's text", () => {
    const template = compileJsonTemplate(value, () => undefined);
    expect(template.holes).toEqual([]);
    expect(template.render([])).toBe(JSON.stringify(value, null, 2));
  });
});
