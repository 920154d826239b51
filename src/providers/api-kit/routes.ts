import type { ApiAnswer, ApiCall, ApiContext } from "./types.js";

/** How a route answers: the ids its path captured, the call, the API's context. */
export type RouteAnswer = (ids: string[], call: ApiCall, ctx: ApiContext) => ApiAnswer | Promise<ApiAnswer>;

/**
 * One route of a provider's API: its method, its path (a string is the exact path, as Plaid's
 * POST-only API names its calls; a RegExp's captures are the ids), and what answers it. The answer's
 * shape is the API's own (Stripe's routes also take the parsed form parameters).
 */
export type ApiRoute<Answer = RouteAnswer> = readonly [method: string, path: string | RegExp, answer: Answer];

/** The route a call takes and its ids; "method" when a route has the path but another method. */
export function findRoute<Answer>(
  routes: readonly ApiRoute<Answer>[],
  call: Pick<ApiCall, "method" | "path">,
): { answer: Answer; ids: string[] } | "method" | undefined {
  let pathKnown = false;
  for (const [method, path, answer] of routes) {
    const ids = typeof path === "string" ? (path === call.path ? [] : undefined) : path.exec(call.path)?.slice(1);
    if (!ids) continue;
    if (method === call.method) return { answer, ids };
    pathKnown = true;
  }
  return pathKnown ? "method" : undefined;
}

/** The length of the longest of `prefixes` the path starts with; -1 when none does. */
export function prefixMatch(prefixes: readonly string[], path: string): number {
  let longest = -1;
  for (const prefix of prefixes) if (prefix.length > longest && path.startsWith(prefix)) longest = prefix.length;
  return longest;
}
