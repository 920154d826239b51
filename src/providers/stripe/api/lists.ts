import { isObject, type JsonObject } from "../../../lib/json.js";
import type { ApiAnswer, ApiCall, ApiContext } from "../../types.js";
import { resourceUrl } from "../resource-url.js";
import { stripeError } from "./errors.js";
import { newestFirst, storedObjects } from "./store.js";
import { inContext, list, MADE_FROM, within, type Params, type Route } from "./answers.js";

// `GET /v1/customers` and the like: the objects the events sent left, newest first, as Stripe lists them.

/** What every list takes besides its filters: the page. (`expand` is refused: the items would keep their ids.) */
const PAGING = new Set(["limit", "starting_after", "ending_before"]);

/** The list routes: one for each type of object wh-sim answers for (Financial Connections' have their own). */
export function listRoutes(): [string, RegExp, Route][] {
  return Object.keys(MADE_FROM)
    .filter((type) => !type.startsWith("financial_connections."))
    .map((type) => {
      const path = resourceUrl(type, { id: "x" }).slice(0, -"/x".length);
      return ["GET", new RegExp(`^${path}$`), (_ids, params, call, ctx) => listObjects(type, path, params, call, ctx)];
    });
}

/**
 * The objects of a type, in the caller's context, newest first. A filter is a top-level field of
 * the type (`customer`, `email`, `status`…; an expanded object is compared by its id), and
 * `created` a range: a filter wh-sim cannot apply is refused, never ignored (a list that looks
 * filtered and is not would pass a handler's test for the wrong reason).
 */
async function listObjects(type: string, path: string, params: Params, call: ApiCall, ctx: ApiContext): Promise<ApiAnswer> {
  // The fields an object of the type has, from the fixture it is made from: known before any is sent.
  const fields = Object.keys(((await ctx.fixture({ name: MADE_FROM[type]! })).data as { object: JsonObject }).object);
  let kept = storedObjects(ctx.world)
    .filter((stored) => stored.object.object === type && !stored.object.deleted && inContext(stored, call))
    .map((stored) => stored.object);
  for (const [name, wanted] of Object.entries(params)) {
    if (PAGING.has(name)) continue;
    if (name === "created" && isObject(wanted)) {
      kept = kept.filter((o) => within(Number(o.created), wanted));
      continue;
    }
    if (isObject(wanted) || Array.isArray(wanted) || !fields.includes(name)) {
      return stripeError(400, "invalid_request_error", "parameter_unknown", `wh-sim cannot filter ${path} by ${name}.`, ctx, name);
    }
    kept = kept.filter((o) => String(idOf(o[name])) === String(wanted));
  }
  return list(
    newestFirst(kept, (o) => Number(o.created ?? 0)),
    path,
    params,
    ctx,
  );
}

const idOf = (value: unknown) => (isObject(value) && typeof value.id === "string" ? value.id : value);
