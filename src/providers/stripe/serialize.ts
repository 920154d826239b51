import type { Json } from "../types.js";

/**
 * Stripe's body bytes: 2-space pretty JSON, `id` and `object` first, then the other keys in
 * alphabetical order at every level (docs/providers.md, Stripe body bytes), no trailing newline.
 * `metadata` is the integration's own map: its keys stay in the order they were set.
 */
export function serializeStripe(payload: Json): string {
  return JSON.stringify(orderKeys(payload), null, 2);
}

function orderKeys(value: Json, key?: string): Json {
  if (Array.isArray(value)) return value.map((v) => orderKeys(v));
  if (value === null || typeof value !== "object" || key === "metadata") return value;
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, orderKeys(value[k] as Json, k)]));
}

function rank(key: string): number {
  return key === "id" ? 0 : key === "object" ? 1 : 2;
}
