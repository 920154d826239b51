import { isObject, type JsonObject } from "../../../lib/json.js";
import type { ApiAnswer, ApiCall, ApiContext, ProviderApi } from "../../types.js";
import { findRoute, type ApiRoute } from "../../api-kit/index.js";
import { safeDecode, stripeFetchBack, type FetchBack } from "../fetch-back.js";
import { isTestKey } from "../api-key.js";
import { resourceUrl } from "../resource-url.js";
import { stripeError, missing, unauthorized } from "./errors.js";
import { FormError, stripeParams } from "./form.js";
import { endpoints, eventIds, rememberEvent, storedEvent } from "./store.js";
import { found, list, objectById, inContext, ok, within, type Params, type Route } from "./answers.js";
import { createEndpoint, deleteEndpoint, withoutSecret } from "./endpoints.js";
import { accountAction, listAccounts, listOwners, listTransactions, retrieveSession } from "./fc-routes.js";
import { listRoutes } from "./lists.js";

/**
 * Stripe's v1 API as a handler calls it back, offline: every object the events sent carry (and the
 * ids they mention), the events themselves, Financial Connections' lists and actions (a refresh
 * sends its event to the registered endpoints), webhook endpoints; the v2 thin events' fetch-back.
 */
export function stripeApi(): ProviderApi {
  let thin: FetchBack | undefined;
  const routes: ApiRoute<Route>[] = [
    ["GET", /^\/v1\/events$/, listEvents],
    ["GET", /^\/v1\/events\/([^/]+)$/, (ids, _p, call, ctx) => retrieveEvent(ids[0]!, call, ctx)],
    ["POST", /^\/v1\/webhook_endpoints$/, createEndpoint],
    ["GET", /^\/v1\/webhook_endpoints$/, (_ids, params, _c, ctx) => list(endpoints.live(ctx.world).map(withoutSecret), "/v1/webhook_endpoints", params, ctx)],
    [
      "GET",
      /^\/v1\/webhook_endpoints\/([^/]+)$/,
      (ids, _p, _c, ctx) => {
        const endpoint = endpoints.byId(ctx.world, ids[0]!);
        return found(endpoint && withoutSecret(endpoint), "webhook endpoint", ids[0]!, ctx);
      },
    ],
    ["DELETE", /^\/v1\/webhook_endpoints\/([^/]+)$/, deleteEndpoint],
    ["GET", /^\/v1\/financial_connections\/accounts$/, listAccounts],
    ["GET", /^\/v1\/financial_connections\/accounts\/([^/]+)\/owners$/, listOwners],
    ["POST", /^\/v1\/financial_connections\/accounts\/([^/]+)\/(refresh|subscribe|unsubscribe|disconnect)$/, accountAction],
    ["GET", /^\/v1\/financial_connections\/transactions$/, listTransactions],
    ["GET", /^\/v1\/financial_connections\/sessions\/([^/]+)$/, retrieveSession],
    ...listRoutes(),
  ];
  return {
    templates: [],
    // Every /v1/ path: Truv's narrower /v1/ resources go to Truv (the longest prefix wins).
    prefixes: ["/v1/", "/v2/"],
    claims: (call) => /^\/v[12]\//.test(call.path),
    async answer(call, ctx) {
      const auth = call.headers.authorization ?? "";
      if (!isTestKey(auth)) return unauthorized(auth, ctx);
      thin ??= stripeFetchBack((choice) => ctx.fixture(choice));
      const fetchBack = () => thin!(call);
      if (call.path.startsWith("/v2/")) return call.method === "GET" ? fetchBack() : unknown(call, ctx);
      let params: Params;
      try {
        params = stripeParams(call.query, call.body);
      } catch (error) {
        if (!(error instanceof FormError)) throw error;
        return stripeError(400, "invalid_request_error", "parameter_invalid", error.message, ctx);
      }
      const route = findRoute(routes, call);
      if (route && route !== "method") return route.answer(route.ids, params, call, ctx);
      if (call.method !== "GET") return unknown(call, ctx);
      const retrieved = await retrieve(call, params, ctx);
      if (retrieved) return retrieved;
      // An object of a thin event, fetched back by its own URL (a singleton such as /v1/balance too).
      const thinObject = await fetchBack();
      if (thinObject.status === 200) return thinObject;
      // A path that ends in no id (a list, an endpoint wh-sim does not answer) is not a missing object.
      return /_[A-Za-z0-9]{6,}$/.test(call.path) ? missing("object", call.path.split("/").pop() ?? "", ctx) : unknown(call, ctx);
    },
    // Every v1 event, as sent: storing it again changes nothing, so one seen twice is harmless.
    observe(payload, _body, ctx) {
      if (payload.object === "event" && typeof payload.id === "string") rememberEvent(ctx.world, payload);
    },
  };
}

async function retrieve(call: ApiCall, params: Params, ctx: ApiContext): Promise<ApiAnswer | undefined> {
  // A malformed escape (`%E0%A4%A`) names no object: Stripe answers 404, as for any unknown id.
  const objectId = safeDecode(call.path.split("/").pop() ?? "");
  const stored = await objectById(objectId, ctx);
  if (!stored || resourceUrl(String(stored.object.object), stored.object) !== call.path) return undefined;
  if (!inContext(stored, call)) return missing(String(stored.object.object).replaceAll("_", " "), objectId, ctx);
  return ok(await expanded(stored.object, params, ctx), ctx);
}

/** `expand[]=customer`: each named field holding an id, replaced by that object. */
async function expanded(object: JsonObject, params: Params, ctx: ApiContext): Promise<JsonObject> {
  const fields = Array.isArray(params.expand) ? params.expand.map(String) : [];
  const out = { ...object };
  for (const field of fields) {
    const value = out[field];
    if (typeof value !== "string") continue;
    const stored = await objectById(value, ctx);
    if (stored) out[field] = stored.object;
  }
  return out;
}

function retrieveEvent(eventId: string, call: ApiCall, ctx: ApiContext): ApiAnswer {
  const stored = storedEvent(ctx.world, eventId);
  if (!stored || !inContext(stored, call)) return missing("event", eventId, ctx);
  return ok(stored.object, ctx);
}

function listEvents(_ids: string[], params: Params, call: ApiCall, ctx: ApiContext): ApiAnswer {
  const events = eventIds(ctx.world)
    .flatMap((id) => storedEvent(ctx.world, id) ?? [])
    .filter((e) => inContext(e, call))
    .map((e) => e.object)
    .filter((e) => params.type === undefined || e.type === params.type)
    .filter((e) => !isObject(params.created) || within(Number(e.created), params.created));
  return list(events, "/v1/events", params, ctx);
}

function unknown(call: ApiCall, ctx: ApiContext): ApiAnswer {
  return stripeError(
    404,
    "invalid_request_error",
    undefined,
    `Unrecognized request URL (${call.method}: ${call.path}). wh-sim answers the objects of the events it sent and their lists (/v1/customers…), /v1/events, Financial Connections (accounts, owners, transactions, sessions, refresh, subscribe, disconnect) and /v1/webhook_endpoints.`,
    ctx,
  );
}
