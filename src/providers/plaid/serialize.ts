import type { Json } from "../types.js";

/**
 * Plaid's body bytes: keys sorted alphabetically at every level, 2-space indentation, no trailing
 * newline — the only format that reproduces the hashes of real deliveries
 * (test/vectors/plaid-sandbox-deliveries.json; docs/providers.md, Plaid).
 */
export function serializePlaid(payload: Json): string {
  return JSON.stringify(sortKeys(payload), null, 2);
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys(value[k] as Json)]),
  );
}
