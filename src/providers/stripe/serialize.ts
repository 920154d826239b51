import type { Json } from "../types.js";

/**
 * Stripe's body bytes: 2-space pretty JSON, `id` and `object` first, then the other keys in
 * alphabetical order at every level (docs/providers.md, Stripe body bytes), no trailing newline.
 * `metadata` is the integration's own map: its keys stay in the order they were set.
 */
export function serializeStripe(payload: Json): string {
  const ordered = orderKeys(payload);
  return JSON.stringify(isThin(ordered) ? thinOrder(ordered) : ordered, null, 2);
}

// A thin (v2) event's fields in the order Stripe's examples show them (id, object, type, created, …;
// unconfirmed beyond that); nested objects as above.
const THIN_ORDER = ["id", "object", "type", "created", "livemode", "context", "reason", "related_object", "data", "changes", "snapshot_event"];
const isThin = (value: Json): value is { [key: string]: Json } =>
  value !== null && typeof value === "object" && !Array.isArray(value) && value.object === "v2.core.event";
function thinOrder(value: { [key: string]: Json }): Json {
  const position = (k: string) => (THIN_ORDER.includes(k) ? THIN_ORDER.indexOf(k) : THIN_ORDER.length);
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => position(a) - position(b)));
}

/** The payload with Stripe's key order; the same value back when it is in order already (a materialised fixture is). */
function orderKeys(value: Json, key?: string): Json {
  return outOfOrder(value, key) ? reorder(value, key) : value;
}

/** Whether a payload is in Stripe's key order at every level already. */
export const inStripeOrder = (value: Json): boolean => !outOfOrder(value);

/** Whether any object inside is out of Stripe's order: one walk that allocates nothing. */
function outOfOrder(value: Json, key?: string): boolean {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) {
    for (const item of value) if (outOfOrder(item)) return true;
    return false;
  }
  if (key === "metadata") return false;
  let previous: string | undefined;
  for (const k in value) {
    if (previous !== undefined && compareKeys(previous, k) > 0) return true;
    if (outOfOrder(value[k]!, k)) return true;
    previous = k;
  }
  return false;
}

function reorder(value: Json, key?: string): Json {
  if (Array.isArray(value)) return value.map((v) => reorder(v));
  if (value === null || typeof value !== "object" || key === "metadata") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort(compareKeys)
      .map((k) => [k, reorder(value[k]!, k)]),
  );
}

const compareKeys = (a: string, b: string): number => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);

function rank(key: string): number {
  return key === "id" ? 0 : key === "object" ? 1 : 2;
}
