// The operations' inputs and answers, as zod schemas: the control plane validates with them, MCP's
// tools are described by them, and the OpenAPI document is generated from them (it cannot drift).
import { z } from "zod";
import { CHAOS_FLAGS } from "../chaos-flags.js";
import { providerList } from "../providers/registry.js";

const provider = z.string().describe(providerList());
const edits = {
  set: z.record(z.string(), z.unknown()).optional().describe('fields the event has, by dot path: {"data.object.status": "inactive"}'),
  add: z.record(z.string(), z.unknown()).optional().describe("fields it lacks, by dot path"),
  remove: z.array(z.string()).optional().describe("fields to remove, by dot path"),
  data: z.record(z.string(), z.unknown()).optional().describe("JSON deep-merged into the event"),
};
const target = {
  url: z.string().optional().describe("where to send (default: through this listener, which verifies it, then relays it to its --forward-to target)"),
  secret: z.string().optional().describe("the signing secret (default: the one this listener verifies the provider with)"),
  chaos: z
    .union([z.array(z.string()), z.record(z.string(), z.union([z.boolean(), z.number()]))])
    .optional()
    .describe(`what providers do to a handler, on purpose: ["tamper", "stale"] or {"duplicate": 2}; names: ${CHAOS_FLAGS.map((f) => f.flag).join(", ")}`),
};

export const triggerInput = z
  .object({
    provider,
    event: z.string().describe("the provider's event name, e.g. financial_connections.account.refreshed_balance (Plaid: TYPE.CODE or the bare code)"),
    ...target,
    ...edits,
    api_version: z.string().optional().describe("Stripe's API version to shape the event for (default: the newest)"),
    count: z.number().int().min(1).max(1000).optional().describe("distinct events to send (default 1)"),
  })
  .strict();

export const scenarioInput = z
  .object({
    provider,
    name: z.string().describe("a built-in scenario (e.g. fc-account-lifecycle; wh-sim list --scenarios)"),
    ...target,
    shuffle: z.boolean().optional().describe("send the steps out of order"),
    seed: z.string().optional().describe("reproducible ids and order"),
    duplicate_rate: z.number().min(0).max(1).optional().describe("the share of steps sent twice"),
  })
  .strict();

const match = {
  provider: z.string().optional().describe("a request of this provider"),
  event: z.string().optional().describe("of this event"),
  id: z.string().optional().describe("with this event id"),
  path: z.string().optional().describe("to this path (without its query)"),
  verdict: z.enum(["valid", "invalid", "unchecked"]).optional().describe("with this signature verdict"),
  kind: z.enum(["webhook", "api"]).optional().describe("a webhook, or a call to a provider's API"),
  after: z.number().int().min(0).optional().describe("that arrived after request `seq` (0: any)"),
};

export const requestsInput = z
  .object({ ...match, limit: z.number().int().min(1).max(1000).optional().describe("the latest this many (default 100)") })
  .strict();

export const waitInput = z
  .object({ ...match, timeout_ms: z.number().int().min(1).max(120_000).optional().describe("how long to wait (default 10000)") })
  .strict();

export const resetInput = z.object({ providers: z.array(z.string()).optional().describe("only these providers' state (default: all)") }).strict();

export const report = z.object({
  provider: z.string(),
  event: z.string(),
  id: z.string().optional(),
  url: z.string(),
  expect: z.string(),
  ok: z.boolean().optional(),
  status: z.number().int().optional(),
  durationMs: z.number().optional(),
  chaos: z.array(z.string()).optional(),
  duplicate: z.string().optional(),
  attempt: z.number().int().optional(),
  retry_after: z.string().optional(),
  step: z.string().optional(),
  run: z.number().int().optional(),
  note: z.string().optional(),
  target: z.string().optional(),
  error: z.string().optional(),
  hint: z.string().optional(),
  response_body: z.string().optional(),
  response_truncated: z.boolean().optional(),
});

export const deliveries = z.object({ ok: z.boolean().describe("every delivery got what it expected"), deliveries: z.array(report) });

export const request = z.object({
  seq: z.number().int().describe("its number in arrival order, from 1"),
  time: z.string().describe("when it arrived (ISO 8601)"),
  kind: z.enum(["webhook", "api"]),
  method: z.string(),
  path: z.string(),
  provider: z.string().nullable(),
  event: z.string().nullable(),
  id: z.string().nullable(),
  verdict: z.string().describe("valid, invalid or unchecked"),
  reason: z.string().nullable().describe("why it is invalid (mismatch, stale, …)"),
  message: z.string().nullable(),
  status: z.number().int().nullable().describe("what the listener answered; null when no answer reached the sender"),
  headers: z.array(z.tuple([z.string(), z.string()])).describe("as received (credentials redacted)"),
  body: z.string().describe("the body as UTF-8 text"),
});

export const requests = z.object({ requests: z.array(request), next: z.number().int().describe("the seq the next request will have") });

export const reset = z.object({ providers: z.array(z.string()).describe("the providers whose state was cleared") });

export const secrets = z.object({
  secrets: z.array(
    z.object({
      provider: z.string(),
      shown: z.string().describe("as the banner shows it: a built-in test secret in full, yours masked"),
      secret: z.string().optional().describe("the secret in full, when it is a built-in test secret (configure the app under test with it)"),
      public_key: z.record(z.string(), z.unknown()).optional().describe("Plaid: the public JWK webhooks are signed with"),
    }),
  ),
});

export const error = z.object({
  error: z.object({ message: z.string(), hint: z.string().optional(), arrived: z.array(request).optional().describe("a wait's timeout: what did arrive") }),
});
