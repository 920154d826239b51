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

function orderKeys(value: Json, key?: string): Json {
  if (Array.isArray(value)) {
    // The same array back when nothing in it moved: a materialised fixture is already in order.
    const ordered = value.map((v) => orderKeys(v));
    return ordered.every((v, i) => v === value[i]) ? value : ordered;
  }
  if (value === null || typeof value !== "object" || key === "metadata") return value;
  const keys = Object.keys(value);
  let changed = false;
  for (let i = 1; i < keys.length && !changed; i++) changed = compareKeys(keys[i - 1]!, keys[i]!) > 0;
  const sorted = changed ? [...keys].sort(compareKeys) : keys;
  const children = sorted.map((k) => {
    const child = orderKeys(value[k] as Json, k);
    if (child !== value[k]) changed = true;
    return child;
  });
  return changed ? Object.fromEntries(sorted.map((k, i) => [k, children[i]!])) : value;
}

const compareKeys = (a: string, b: string): number => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);

function rank(key: string): number {
  return key === "id" ? 0 : key === "object" ? 1 : 2;
}
