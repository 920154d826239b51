import type { Json, JsonObject } from "../../../lib/json.js";

/**
 * A Stripe request's parameters: the query, and a form-encoded body (stripe-node's encoding,
 * `features[0]=balance`, `account_holder[customer]=cus_…`, `expand[]=customer`) as nested JSON.
 */
export function stripeParams(query: string, body: Uint8Array): JsonObject {
  const out: JsonObject = {};
  let count = 0;
  for (const source of [query.replace(/^\?/, ""), Buffer.from(body).toString("utf8")]) {
    for (const [key, value] of new URLSearchParams(source)) {
      // Counted as they are read: a form of 450,000 keys held the listener for 2 s.
      if (++count > MAX_PARAMS) throw new FormError(`Too many parameters: a request takes at most ${MAX_PARAMS}.`);
      put(out, key, value);
    }
  }
  return out;
}

/** How many parameters one request may carry, and how deep one may nest (`a[b][c]`): far beyond any Stripe call. */
const MAX_PARAMS = 2000;
const MAX_DEPTH = 16;

/** A form wh-sim will not read: answered with Stripe's 400. */
export class FormError extends Error {}

function put(target: JsonObject, key: string, value: string): void {
  const [head, ...rest] = key.split("[").map((p) => p.replace(/]$/, ""));
  const path = [head!, ...rest];
  if (path.length > MAX_DEPTH) throw new FormError(`Invalid parameter ${key.slice(0, 40)}…: nested more than ${MAX_DEPTH} levels.`);
  // Keys that name prototypes are data here, never a way into Object.prototype.
  if (path.some((p) => p === "__proto__" || p === "constructor" || p === "prototype")) throw new FormError(`Invalid parameter name: ${key.slice(0, 40)}.`);
  let node: JsonObject | Json[] = target;
  for (const [i, part] of path.entries()) {
    const last = i === path.length - 1;
    const isIndex = part === "" || /^\d+$/.test(part);
    if (Array.isArray(node)) {
      if (last) node.push(value);
      else {
        const next: JsonObject | Json[] = /^\d*$/.test(path[i + 1]!) ? [] : {};
        node.push(next);
        node = next;
      }
      continue;
    }
    if (last) {
      node[part] = value;
      continue;
    }
    const nextIsIndex = path[i + 1] === "" || /^\d+$/.test(path[i + 1]!);
    if (!isIndex && !(part in node)) node[part] = nextIsIndex ? [] : {};
    node = node[part] as JsonObject | Json[];
  }
}
