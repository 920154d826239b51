import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { PLAID_EVENTS } from "../../src/providers/plaid/events.generated.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { CHECK_AGAINST_REFERENCE, readReference } from "../helpers/reference.js";
import { readVector } from "../helpers/vectors.js";

// The committed fixtures, catalogues and schema vectors are exactly what the generators write
// today. Outside CI a machine without ../shared/reference skips the reference checks; in CI
// (CI=true) they run, and a missing reference fails them.
const check = (script: string) => {
  const run = spawnSync(process.execPath, [`scripts/${script}`, "--check"], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
};

describe.skipIf(!CHECK_AGAINST_REFERENCE)("generated from the provider reference", () => {
  it("Stripe: every event type of the reference (all still in the catalogue), and the fixtures the generator writes today", () => {
    const { events } = readReference<{ events: Record<string, unknown> }>("stripe/event-types.json");
    const names = new Set(stripe.events.map((e) => e.name));
    expect(Object.keys(events).filter((name) => !names.has(name))).toEqual([]);
    check("generate-stripe-fixtures.mjs");
  });

  it("Plaid: every webhook schema of the reference, and the fixtures and schema vectors the generator writes today", () => {
    const { webhooks } = readReference<{ webhooks: { schema: string }[] }>("plaid/plaid-webhooks.json");
    expect(new Set(PLAID_EVENTS.flatMap((e) => Object.values(e.schemas)))).toEqual(new Set(webhooks.map((w) => w.schema)));
    expect(readVector<{ webhook_schemas: string[] }>("plaid-webhook-schemas.json").webhook_schemas).toEqual(webhooks.map((w) => w.schema).sort());
    check("generate-plaid-fixtures.mjs");
  });
});

describe("generated from the generator's own data", () => {
  it("Truv and Bridge: the fixtures the generator writes today", () => check("generate-truv-bridge-fixtures.mjs"));
});
