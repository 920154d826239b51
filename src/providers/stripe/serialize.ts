import type { Json } from "../types.js";

/**
 * Stripe's body bytes: 2-space pretty JSON, `id` and `object` first, then the other keys in
 * alphabetical order at every level (docs/providers.md, Stripe body bytes), no trailing newline.
 */
export function serializeStripe(payload: Json): string {
  return JSON.stringify(orderKeys(payload), null, 2);
}

function orderKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(orderKeys);
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, orderKeys(value[k] as Json)]));
}

function rank(key: string): number {
  return key === "id" ? 0 : key === "object" ? 1 : 2;
}
