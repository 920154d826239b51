import { readdirSync, readFileSync } from "node:fs";
import { Ajv } from "ajv";
import formats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FIXTURES_DIR } from "../../src/events/fixture-file.js";
import { PLAID_EVENTS } from "../../src/providers/plaid/events.generated.js";
import { plaid } from "../../src/providers/plaid/index.js";
import { readVector } from "../helpers/vectors.js";

const dir = `${FIXTURES_DIR}plaid/`;
const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
const fileFor = (name: string, variant: string) => (variant ? `${name}@${variant}.json` : `${name}.json`);
const cases = PLAID_EVENTS.flatMap((e) => Object.entries(e.schemas).map(([variant, schema]) => ({ file: fileFor(e.name, variant), schema })));

// The schemas of Plaid's OpenAPI spec that webhooks reach (generated beside the fixtures).
const spec = readVector<{
  webhook_schemas: string[];
  components: { schemas: Record<string, { properties?: object; required?: string[]; "x-examples"?: object }> };
}>("plaid-webhook-schemas.json");

const PlaidEnvelope = z.object({ webhook_type: z.string().regex(/^[A-Z_]+$/), webhook_code: z.string().regex(/^[A-Z_]+$/) }).passthrough();

describe("Plaid fixtures", () => {
  it("match the registry both ways, and cover every schema of the reference", () => {
    expect([...files].sort()).toEqual(cases.map((c) => c.file).sort());
    expect(new Set(cases.map((c) => c.schema))).toEqual(new Set(spec.webhook_schemas));
    expect(spec.webhook_schemas).toHaveLength(92);
    expect(PLAID_EVENTS).toHaveLength(83);
  });

  it.each(files)("%s is in Plaid's wire format with the right type and code", (file) => {
    const text = readFileSync(dir + file, "utf8");
    const payload = PlaidEnvelope.parse(JSON.parse(text));
    expect(`${payload.webhook_type}.${payload.webhook_code}`).toBe(file.replace(/(@.*)?\.json$/, ""));
    expect(plaid.serialize(JSON.parse(text))).toBe(text);
    if ("environment" in payload) expect(payload.environment).toBe("sandbox");
    expect(text).not.toMatch(/"([a-z_]+)": "\1"/);
  });

  it("each validates against its schema in Plaid's OpenAPI spec, and has no field the schema lacks", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    formats.default(ajv);
    ajv.addSchema({ $id: "plaid.json", components: nullableEnums(spec.components) });
    const failures: string[] = [];
    for (const { file, schema } of cases) {
      const payload = JSON.parse(readFileSync(dir + file, "utf8"));
      const validate = ajv.compile({ $ref: `plaid.json#/components/schemas/${schema}` });
      if (!validate(payload)) failures.push(`${file} (${schema}): ${ajv.errorsText(validate.errors)}`);
      const declaredSchema = spec.components.schemas[schema];
      if (!declaredSchema) {
        failures.push(`${file}: no schema ${schema} in the spec`);
        continue;
      }
      const { properties = {}, "x-examples": examples = {} } = declaredSchema;
      // Fields Plaid declares, or sends in the spec's own example (LINK.EVENTS carries an undeclared `environment`).
      const declared = [...Object.keys(properties), ...Object.values(examples).flatMap((e) => Object.keys(e as object))];
      const extra = Object.keys(payload).filter((k) => !declared.includes(k));
      if (extra.length) failures.push(`${file}: fields not in ${schema}: ${extra.join(", ")}`);
      for (const required of declaredSchema.required ?? []) if (!(required in payload)) failures.push(`${file}: missing ${required}`);
    }
    expect(failures).toEqual([]);
  });

  it("mark deprecated and hidden webhooks, and offer the ITEM.ERROR and PENDING_DISCONNECT variants", () => {
    const flags = Object.fromEntries(PLAID_EVENTS.filter((e) => e.flags).map((e) => [e.name, e.flags]));
    expect(flags["CASH_FLOW_UPDATES.INSIGHTS_UPDATED"]).toContain("deprecated");
    expect(flags["CHECK_REPORT.UPGRADE_FAILED"]).toContain("hidden from docs");
    const item = PLAID_EVENTS.find((e) => e.name === "ITEM.ERROR")!;
    expect(item.variants).toEqual(expect.arrayContaining(["institution_down", "item_locked"]));
    const defaultError = JSON.parse(readFileSync(`${dir}ITEM.ERROR.json`, "utf8")).error;
    expect(defaultError).toMatchObject({ error_code: "ITEM_LOGIN_REQUIRED", error_type: "ITEM_ERROR" });
    const reasons = ["ITEM.PENDING_DISCONNECT.json", "ITEM.PENDING_DISCONNECT@institution_token_expiration.json"].map(
      (f) => JSON.parse(readFileSync(dir + f, "utf8")).reason,
    );
    expect(new Set(reasons)).toEqual(new Set(["INSTITUTION_MIGRATION", "INSTITUTION_TOKEN_EXPIRATION"]));
  });
});

/** OpenAPI 3.0 `nullable: true` admits null even beside an `enum`; JSON Schema needs null in the enum. */
function nullableEnums(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableEnums);
  if (!node || typeof node !== "object") return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, nullableEnums(v)])) as Record<string, unknown>;
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}
