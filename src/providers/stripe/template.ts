import { compileJsonTemplate, type JsonTemplate } from "../../lib/json-template.js";
import { containsId, idRenewer } from "../../lib/renew-ids.js";
import { epochSeconds, FIXTURE_EPOCH, isIsoTime } from "../../lib/times.js";
import type { Json, JsonObject, MaterializeContext, QuickRendering } from "../types.js";
import { accountOption, apiVersionOf, isTimestamp, renewAndShiftLeaf } from "./materialize.js";
import { inStripeOrder } from "./serialize.js";

/** What a hole of an event's template holds: an envelope field materialising sets, or a leaf it renews or moves. */
type Role = "created" | "livemode" | "api_version" | "id" | "leaf";
const ENVELOPE: readonly Role[] = ["created", "livemode", "api_version"];

const templates = new WeakMap<JsonObject, JsonTemplate<Role> | null>();

/**
 * `serializeStripe(materializeStripe(fixture, ctx))` from a template compiled once per fixture: the
 * same bytes, with randomness drawn in the same order, without copying the event or pretty-printing
 * it again. Undefined when a template cannot promise that: with `--account` (the envelope gains
 * keys), or for a fixture out of Stripe's key order or without the envelope's fields.
 */
export function renderFromTemplate(fixture: JsonObject, ctx: MaterializeContext): QuickRendering | undefined {
  if (accountOption(ctx.options) !== undefined || typeof fixture.type !== "string") return undefined;
  let template = templates.get(fixture);
  if (template === undefined) templates.set(fixture, (template = compile(fixture)));
  if (template === null) return undefined;
  const nowSeconds = epochSeconds(ctx.now);
  const shift = nowSeconds - FIXTURE_EPOCH;
  const renew = idRenewer(ctx.random);
  const apiVersion = apiVersionOf(ctx.options);
  let id: Json = null;
  const values = template.holes.map(({ role, value, key }): Json => {
    if (role === "created") return nowSeconds;
    if (role === "livemode") return false;
    if (role === "api_version") return apiVersion;
    const renewed = renewAndShiftLeaf(value, key, renew, shift);
    if (role === "id") id = renewed;
    return renewed;
  });
  return { body: template.render(values), described: { event: fixture.type, ...(typeof id === "string" ? { id } : {}) } };
}

function compile(fixture: JsonObject): JsonTemplate<Role> | null {
  if (!inStripeOrder(fixture) || ENVELOPE.some((key) => !Object.hasOwn(fixture, key))) return null;
  return compileJsonTemplate<Role>(fixture, (leaf, key, depth) => {
    if (depth === 1 && (ENVELOPE as readonly (string | undefined)[]).includes(key)) return key as Role;
    const changes = typeof leaf === "string" ? containsId(leaf) || isIsoTime(leaf) : isTimestamp(leaf, key);
    if (!changes) return undefined;
    return depth === 1 && key === "id" ? "id" : "leaf";
  });
}
