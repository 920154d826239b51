import type { Json, JsonObject } from "../../../lib/json.js";

/**
 * A Stripe request's parameters: the query, and a form-encoded body (stripe-node's encoding,
 * `features[0]=balance`, `account_holder[customer]=cus_…`, `expand[]=customer`) as nested JSON.
 */
export function stripeParams(query: string, body: Uint8Array): JsonObject {
  const out: JsonObject = {};
  for (const source of [query.replace(/^\?/, ""), Buffer.from(body).toString("utf8")]) {
    for (const [key, value] of new URLSearchParams(source)) put(out, key, value);
  }
  return out;
}

function put(target: JsonObject, key: string, value: string): void {
  const [head, ...rest] = key.split("[").map((p) => p.replace(/]$/, ""));
  const path = [head!, ...rest];
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
