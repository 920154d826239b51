// Plaid's OpenAPI schemas as a validator: the request and response schemas of every endpoint
// wh-sim answers and PlaidError (test/vectors/plaid-api-schemas.json, generated from the spec).
import { Ajv } from "ajv";
import formats from "ajv-formats";
import { readVector } from "./vectors.js";

const spec = readVector<{ version: string; endpoints: Record<string, { request: string; response: string }>; components: object }>("plaid-api-schemas.json");

/** OpenAPI 3.0's `nullable: true` admits null, beside an `enum` or a `$ref`/`allOf` without a type; JSON Schema needs it said. */
export function openApiNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openApiNullable);
  if (!node || typeof node !== "object") return node;
  let out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, openApiNullable(v)])) as Record<string, unknown>;
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _nullable, ...rest } = out;
    out = { anyOf: [rest, { type: "null" }] };
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
formats.default(ajv);
ajv.addSchema({ $id: "plaid-api.json", components: openApiNullable(spec.components) });

export const PLAID_ENDPOINTS = Object.keys(spec.endpoints);

/** The errors an answer has against the endpoint's response schema (200) or PlaidError (an error), none when it is valid. */
export function plaidAnswerErrors(endpoint: string, status: number, body: unknown): string[] {
  const schema = status === 200 ? spec.endpoints[endpoint]?.response : "PlaidError";
  if (!schema) return [`${endpoint}: no schema (not an endpoint wh-sim answers)`];
  const validate = ajv.getSchema(`plaid-api.json#/components/schemas/${schema}`) ?? ajv.compile({ $ref: `plaid-api.json#/components/schemas/${schema}` });
  return validate(body) ? [] : [`${endpoint} ${status} (${schema}): ${ajv.errorsText(validate.errors)}`];
}
