#!/usr/bin/env node
// Writes fixtures/plaid/<WEBHOOK_TYPE>.<WEBHOOK_CODE>[@variant].json (one per webhook schema of
// Plaid's OpenAPI spec, plus named variants) and src/providers/plaid/events.generated.ts, from
// ../shared/reference/plaid:
//   plaid-webhooks.json  the 92 webhook schemas: type, code, flags, description, the spec's example
//   2020-09-14.yml       the spec itself: schemas for the fields an example lacks
// Values come from the spec's examples; `environment` becomes "sandbox"; times are moved next to
// FIXTURE_EPOCH (sending moves them to now). Every fixture is checked against its schema in
// test/consistency/plaid-fixtures.test.ts.
//
//   node scripts/generate-plaid-fixtures.mjs [--check]      (needs `npm run build` first)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { FIXTURE_EPOCH } from "../dist/lib/times.js";
import { serializePlaid } from "../dist/providers/plaid/serialize.js";
import { catalogModule, emitGenerated, REFERENCE } from "./lib/emit-generated.mjs";
import { settleStates } from "./lib/states.mjs";

const reference = join(REFERENCE, "plaid");

const { webhooks } = JSON.parse(readFileSync(join(reference, "plaid-webhooks.json"), "utf8"));
const spec = parse(readFileSync(join(reference, "2020-09-14.yml"), "utf8"));
const schemas = spec.components.schemas;

const iso = (seconds) => new Date(seconds * 1000).toISOString();
const PAST = iso(FIXTURE_EPOCH - 60);
const FUTURE = iso(FIXTURE_EPOCH + 7 * 86_400);
const TODAY = PAST.slice(0, 10);
const FUTURE_TIME_KEYS = new Set(["disconnect_time", "consent_expiration_time"]);

// Which schema of a shared (type, code) pair is the default, and what the others are called.
const pairCount = new Map();
for (const w of webhooks) pairCount.set(`${w.webhook_type}.${w.webhook_code}`, (pairCount.get(`${w.webhook_type}.${w.webhook_code}`) ?? 0) + 1);
function variantName({ schema, webhook_type, webhook_code }) {
  if (pairCount.get(`${webhook_type}.${webhook_code}`) === 1) return undefined;
  if (schema.startsWith("Processor")) return "processor";
  if (schema.startsWith("FallbackAuthMicrodeposit")) return "fallback_auth";
  if (schema.endsWith("ForAuth")) return "for_auth";
  return undefined;
}

function deref(schema) {
  let s = schema;
  while (s?.$ref) s = schemas[s.$ref.split("/").at(-1)];
  if (s?.allOf)
    return s.allOf
      .map(deref)
      .reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties }, required: [...(a.required ?? []), ...(b.required ?? [])] }), {});
  return s ?? {};
}

// Values in Plaid's style for string fields the spec gives no example for, by `parent.key` then `key`
// (ids and tokens in the shapes the spec's own examples use).
const TEXT = {
  "accounts.name": "Plaid Checking",
  "institution.name": "First Platypus Bank",
  "institution.institution_id": "ins_109508",
  "accounts.id": "BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp",
  account_id: "dVzbVMLjrxTnLjX4G66XUp5GLklm4oiZy88yK",
  item_id: "eVBnVMp7zdTJLkRNr33Rs6zr7KNJqBFL9DrE6",
  user_id: "usr_9nSp2KuZ2x4JDw",
  public_token: "public-sandbox-b0e2c4ee-a763-4df5-bfe9-46a46bce993d",
  request_id: "m8MDnv9okwxFNBV",
  "link_callback_metadata.status": "requires_credentials",
  class_type: "personal",
  mask: "0000",
  subtype: "checking",
  type: "depository",
  timestamp: PAST,
};
// Hosted Link callback after success: the handoff event, no exit status.
const OVERRIDES = { "LINK_DELIVERY.LINK_CALLBACK": { link_callback_metadata: { event_name: "HANDOFF", status: undefined } } };

/** A value for a field the example lacks: the spec's own example or enum, else by type. */
function synth(schema, key, parentKey) {
  const s = deref(schema);
  if (s.example !== undefined) return s.example;
  if (s.enum) return s.enum[0];
  if (s.nullable && s.type !== "object" && s.type !== "array") return null;
  switch (s.type) {
    case "object":
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, synth(v, k, key)]));
    case "array":
      return [synth(s.items ?? {}, key, parentKey)];
    case "integer":
    case "number":
      return s.minimum ?? 1;
    case "boolean":
      return true;
    default:
      if (s.format === "date-time") return PAST;
      if (s.format === "date") return TODAY;
      if (/session_id$/.test(key)) return "356dbb28-7f98-44d1-8e6d-0cec580f3171";
      if (TEXT[`${parentKey}.${key}`] ?? TEXT[key]) return TEXT[`${parentKey}.${key}`] ?? TEXT[key];
      throw new Error(`no value for ${parentKey}.${key}: add it to TEXT`);
  }
}

// Optional fields worth showing that the spec's examples leave out: null where nullable.
function fillOptional(payload, schema) {
  const s = deref(schema);
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    if (key in payload) continue;
    const p = deref(prop);
    payload[key] = p.nullable || prop.nullable ? null : synth(prop, key);
  }
}

function retime(value, key) {
  if (Array.isArray(value)) return value.map((v) => retime(v, key));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, retime(v, k)]));
  if (typeof value === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)) {
    const t = FUTURE_TIME_KEYS.has(key) ? FUTURE : PAST;
    return /\.\d+Z$/.test(value) ? t : t.replace(/\.\d+Z$/, "Z");
  }
  if (typeof value === "string" && /^\d{4}-\d\d-\d\d$/.test(value)) return TODAY;
  return value;
}

function fixtureFor(webhook) {
  const schema = schemas[webhook.schema];
  const payload = structuredClone(webhook.example ?? { webhook_type: webhook.webhook_type, webhook_code: webhook.webhook_code });
  fillOptional(payload, schema);
  if ("environment" in payload) payload.environment = "sandbox";
  if (typeof payload.error === "string") payload.error = null; // spec types it `string?`; Plaid sends null
  const patch = OVERRIDES[`${webhook.webhook_type}.${webhook.webhook_code}`];
  if (patch) for (const [k, v] of Object.entries(patch)) payload[k] = dropUndefined({ ...payload[k], ...v });
  return retime(payload);
}

function dropUndefined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}

// Error objects Plaid puts on ITEM.ERROR (plaid.com/docs/errors/item, /docs/errors/institution).
const ITEM_ERRORS = {
  institution_down: {
    display_message: "This financial institution is not currently responding to requests. We apologize for the inconvenience.",
    error_code: "INSTITUTION_DOWN",
    error_message: "this institution is not currently responding to this request. please try again soon",
    error_type: "INSTITUTION_ERROR",
    status: 400,
  },
  institution_not_responding: {
    display_message: "This financial institution is not currently responding to requests. We apologize for the inconvenience.",
    error_code: "INSTITUTION_NOT_RESPONDING",
    error_message: "this institution is not currently responding to this request. please try again soon",
    error_type: "INSTITUTION_ERROR",
    status: 400,
  },
  item_locked: {
    display_message:
      "The given account has been locked by the financial institution. Please visit your financial institution's website to unlock your account.",
    error_code: "ITEM_LOCKED",
    error_message: "the account is locked. prompt the user to visit the institution's site and unlock their account",
    error_type: "ITEM_ERROR",
    status: 400,
  },
  access_not_granted: {
    display_message: "The user did not grant the necessary permissions for their account.",
    error_code: "ACCESS_NOT_GRANTED",
    error_message: "the user did not grant the necessary permissions for their account",
    error_type: "ITEM_ERROR",
    status: 400,
  },
};

const files = new Map();
const catalog = new Map();
for (const webhook of webhooks) {
  const name = `${webhook.webhook_type}.${webhook.webhook_code}`;
  const variant = variantName(webhook);
  const payload = fixtureFor(webhook);
  files.set(variant ? `${name}@${variant}.json` : `${name}.json`, serializePlaid(payload));
  const entry = catalog.get(name) ?? { name, description: "", flags: [], variants: [], schemas: {} };
  if (variant) entry.variants.push(variant);
  else
    entry.description = webhook.description
      .split("\n")[0]
      .split(/(?<=\.)\s/)[0]
      .trim();
  entry.schemas[variant ?? ""] = webhook.schema;
  if (webhook.deprecated) entry.flags.push(variant ? `${variant} deprecated` : "deprecated");
  if (webhook.hidden_from_docs) entry.flags.push(variant ? `${variant} hidden from docs` : "hidden from docs");
  catalog.set(name, entry);

  if (name === "ITEM.ERROR") {
    for (const [code, error] of Object.entries(ITEM_ERRORS)) {
      files.set(`${name}@${code}.json`, serializePlaid({ ...payload, error }));
      entry.variants.push(code);
      entry.schemas[code] = webhook.schema;
    }
  }
  if (name === "ITEM.PENDING_DISCONNECT") {
    const other = payload.reason === "INSTITUTION_MIGRATION" ? "INSTITUTION_TOKEN_EXPIRATION" : "INSTITUTION_MIGRATION";
    files.set(`${name}@${other.toLowerCase()}.json`, serializePlaid({ ...payload, reason: other }));
    entry.variants.push(other.toLowerCase());
    entry.schemas[other.toLowerCase()] = webhook.schema;
  }
}

const events = [...catalog.values()]
  .sort((a, b) => (a.name < b.name ? -1 : 1))
  .map(({ name, description, flags, variants, schemas: bySchema }) => ({
    name,
    description: description || `${name} (processor-partner variant only)`,
    ...(flags.length ? { flags } : {}),
    ...(variants.length ? { variants } : {}),
    schemas: bySchema,
  }));

// The part of the spec the fixture tests validate against: every schema a webhook schema reaches.
const reached = new Set();
for (const queue = webhooks.map((w) => w.schema); queue.length;) {
  const name = queue.pop();
  if (reached.has(name)) continue;
  reached.add(name);
  for (const m of JSON.stringify(schemas[name]).matchAll(/#\/components\/schemas\/(\w+)/g)) queue.push(m[1]);
}
const schemaVectors = {
  source: "generated by scripts/generate-plaid-fixtures.mjs from Plaid's OpenAPI spec (2020-09-14.yml): the webhook schemas and every schema they reference",
  webhook_schemas: webhooks.map((w) => w.schema).sort(),
  components: { schemas: Object.fromEntries([...reached].sort().map((name) => [name, schemas[name]])) },
};

// The API `wh-sim listen` answers: each endpoint's example answer from the spec (every one valid
// against its schema) is the template its handler fills in, and its request and response schemas
// (with everything they reference, and PlaidError) are what the tests validate every answer against.
const API_ENDPOINTS = [
  "/sandbox/public_token/create",
  "/item/public_token/exchange",
  "/link/token/create",
  "/item/webhook/update",
  "/item/remove",
  "/item/get",
  "/accounts/get",
  "/accounts/balance/get",
  "/auth/get",
  "/identity/get",
  "/transactions/sync",
  "/transactions/get",
  "/transactions/recurring/get",
  "/transactions/refresh",
  "/investments/holdings/get",
  "/investments/transactions/get",
  "/liabilities/get",
  "/transfer/event/sync",
  "/sandbox/item/fire_webhook",
  "/sandbox/transactions/create",
  "/sandbox/item/reset_login",
];
const apiFiles = new Map();
const apiEndpoints = {};
const apiReached = new Set(["PlaidError"]);
for (const path of API_ENDPOINTS) {
  const operation = spec.paths[path].post;
  const answer = operation.responses["200"].content["application/json"];
  const response = answer.schema.$ref.split("/").at(-1);
  const request = operation.requestBody.content["application/json"].schema.$ref.split("/").at(-1);
  const example = Object.values(answer.examples ?? {})[0]?.value;
  if (!example) throw new Error(`${path}: the spec has no example answer to start from`);
  apiFiles.set(`${path.slice(1).replaceAll("/", ".")}.json`, `${JSON.stringify(example, null, 2)}\n`);
  apiEndpoints[path] = { request, response };
  apiReached.add(request).add(response);
}
for (const queue = [...apiReached]; queue.length;) {
  const name = queue.pop();
  for (const m of JSON.stringify(schemas[name]).matchAll(/#\/components\/schemas\/(\w+)/g)) {
    if (!apiReached.has(m[1])) queue.push(m[1]);
    apiReached.add(m[1]);
  }
}
const apiVectors = {
  source: `generated by scripts/generate-plaid-fixtures.mjs from Plaid's OpenAPI spec (2020-09-14.yml, ${spec.info.version}): the request and response schemas of every endpoint wh-sim listen answers, every schema they reference, and PlaidError`,
  version: spec.info.version,
  endpoints: apiEndpoints,
  components: { schemas: Object.fromEntries([...apiReached].sort().map((name) => [name, schemas[name]])) },
};

settleStates("plaid", files, serializePlaid);

emitGenerated(
  "Plaid",
  [
    {
      dir: "fixtures/plaid",
      files,
      catalog: "src/providers/plaid/events.generated.ts",
      source: catalogModule(
        "generate-plaid-fixtures.mjs",
        "PLAID_EVENTS",
        events,
        "EventInfo & { readonly schemas: Readonly<Record<string, string>> }",
        'Every Plaid webhook in the OpenAPI spec; `schemas` maps each variant ("" = default) to its schema.',
      ),
    },
    { dir: "fixtures/plaid/api", files: apiFiles },
  ],
  [
    { path: "test/vectors/plaid-webhook-schemas.json", text: `${JSON.stringify(schemaVectors, null, 1)}\n` },
    { path: "test/vectors/plaid-api-schemas.json", text: `${JSON.stringify(apiVectors, null, 1)}\n` },
  ],
);
