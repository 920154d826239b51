import { ALPHANUMERIC } from "../../../lib/crypto.js";
import { isObject, type JsonObject } from "../../../lib/json.js";
import type { ApiAnswer, ApiCall, ApiContext, ApiEvent, CompanionRoute, ProviderApi } from "../../types.js";
import { stripeFetchBack } from "../fetch-back.js";
import { resourceUrl } from "../resource-url.js";
import { STRIPE_API_VERSIONS } from "../events.generated.js";
import { stripeError, missing, unauthorized } from "./errors.js";
import { owners, pending, REFRESH_EVENTS, refreshed, transactions } from "./financial-connections.js";
import { stripeParams } from "./form.js";
import {
  endpointIds,
  eventIds,
  MENTIONED,
  mentionOf,
  rememberEvent,
  saveEndpoint,
  saveObject,
  storedEndpoint,
  storedEvent,
  storedObject,
  type StoredObject,
  type WebhookEndpoint,
} from "./store.js";

const TEST_KEY = /^Bearer (sk|rk)_test_\S+$/;

/** The event each mentioned type's object is made from when no event carried it yet. */
const MADE_FROM: Record<string, string> = {
  customer: "customer.created",
  account: "account.updated",
  payment_intent: "payment_intent.created",
  charge: "charge.succeeded",
  invoice: "invoice.created",
  subscription: "customer.subscription.created",
  product: "product.created",
  price: "price.created",
  payment_method: "payment_method.attached",
  "financial_connections.account": "financial_connections.account.created",
  payout: "payout.created",
  refund: "refund.created",
  setup_intent: "setup_intent.created",
};

type Params = JsonObject;
type Route = (match: RegExpExecArray, params: Params, call: ApiCall, ctx: ApiContext) => ApiAnswer | Promise<ApiAnswer>;

/**
 * Stripe's v1 API as a handler calls it back, offline: every object the events sent carry (and the
 * ids they mention), the events themselves, Financial Connections' lists and actions (a refresh
 * sends its event to the registered endpoints), webhook endpoints; the v2 thin events' fetch-back.
 */
export function stripeApi(): ProviderApi {
  let thin: CompanionRoute["handle"] | undefined;
  const routes: [string, RegExp, Route][] = [
    ["GET", /^\/v1\/events$/, listEvents],
    ["GET", /^\/v1\/events\/([^/]+)$/, (m, _p, call, ctx) => retrieveEvent(m[1]!, call, ctx)],
    ["POST", /^\/v1\/webhook_endpoints$/, createEndpoint],
    [
      "GET",
      /^\/v1\/webhook_endpoints$/,
      (_m, params, _c, ctx) =>
        list(
          endpointIds(ctx.world).flatMap((id) => storedEndpoint(ctx.world, id) ?? []),
          "/v1/webhook_endpoints",
          params,
          ctx,
        ),
    ],
    ["GET", /^\/v1\/webhook_endpoints\/([^/]+)$/, (m, _p, _c, ctx) => found(storedEndpoint(ctx.world, m[1]!), "webhook endpoint", m[1]!, ctx)],
    ["DELETE", /^\/v1\/webhook_endpoints\/([^/]+)$/, deleteEndpoint],
    ["GET", /^\/v1\/financial_connections\/accounts$/, listAccounts],
    ["GET", /^\/v1\/financial_connections\/accounts\/([^/]+)\/owners$/, listOwners],
    ["POST", /^\/v1\/financial_connections\/accounts\/([^/]+)\/(refresh|subscribe|unsubscribe|disconnect)$/, accountAction],
    ["GET", /^\/v1\/financial_connections\/transactions$/, listTransactions],
    ["GET", /^\/v1\/financial_connections\/sessions\/([^/]+)$/, retrieveSession],
  ];
  return {
    templates: [],
    claims: (call) => /^\/v[12]\//.test(call.path),
    async answer(call, ctx) {
      const auth = call.headers.authorization ?? "";
      if (!TEST_KEY.test(auth)) return unauthorized(auth, ctx);
      thin ??= stripeFetchBack({ random: ctx.random, loadFixture: (choice) => ctx.fixture(choice) })[0]!.handle;
      const fetchBack = async () => {
        const out = await thin!({ path: call.path, headers: call.headers, body: call.body });
        return { status: out.status, body: JSON.parse(out.body) as JsonObject } satisfies ApiAnswer;
      };
      if (call.path.startsWith("/v2/")) return call.method === "GET" ? fetchBack() : unknown(call, ctx);
      const params = stripeParams(call.query, call.body);
      for (const [method, pattern, route] of routes) {
        const match = method === call.method ? pattern.exec(call.path) : null;
        if (match) return route(match, params, call, ctx);
      }
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

/** The object an id names, in the caller's context: as the last event left it, or made for an id an event mentioned. */
async function objectById(objectId: string, ctx: ApiContext): Promise<StoredObject | undefined> {
  const stored = storedObject(ctx.world, objectId);
  if (stored) return stored;
  const mention = mentionOf(ctx.world, objectId);
  const type = MENTIONED[objectId.split("_")[0]!];
  if (!mention || !type || !MADE_FROM[type]) return undefined;
  const made = ((await ctx.fixture({ name: MADE_FROM[type] })).data as { object: JsonObject }).object;
  const object = { ...made, id: objectId };
  saveObject(ctx.world, object, mention.account);
  return { object, account: mention.account };
}

/** Objects of a connected account are found only with its Stripe-Account header, as Stripe does; the account itself by its platform. */
function inContext(stored: StoredObject, call: ApiCall): boolean {
  if (stored.object.object === "account") return true;
  return (stored.account ?? undefined) === (call.headers["stripe-account"] || undefined);
}

async function retrieve(call: ApiCall, params: Params, ctx: ApiContext): Promise<ApiAnswer | undefined> {
  const objectId = decodeURIComponent(call.path.split("/").pop() ?? "");
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

function listEvents(_m: RegExpExecArray, params: Params, call: ApiCall, ctx: ApiContext): ApiAnswer {
  const events = eventIds(ctx.world)
    .flatMap((id) => storedEvent(ctx.world, id) ?? [])
    .filter((e) => inContext(e, call))
    .map((e) => e.object)
    .filter((e) => params.type === undefined || e.type === params.type)
    .filter((e) => !isObject(params.created) || within(Number(e.created), params.created));
  return list(events, "/v1/events", params, ctx);
}

function within(value: number, range: JsonObject): boolean {
  const [gt, gte, lt, lte] = ["gt", "gte", "lt", "lte"].map((k) => (range[k] === undefined ? undefined : Number(range[k])));
  return (gt === undefined || value > gt) && (gte === undefined || value >= gte) && (lt === undefined || value < lt) && (lte === undefined || value <= lte);
}

/** A Stripe list: `limit` (default 10, at most 100), `starting_after`, `has_more`. */
function list(items: readonly JsonObject[], url: string, params: Params, ctx: ApiContext): ApiAnswer {
  const limit = Math.min(100, Math.max(1, Number(params.limit ?? 10)));
  const after = typeof params.starting_after === "string" ? items.findIndex((i) => i.id === params.starting_after) + 1 : 0;
  const page = items.slice(after, after + limit);
  return ok({ object: "list", data: page, has_more: after + limit < items.length, url }, ctx);
}

function found(value: JsonObject | undefined, what: string, id: string, ctx: ApiContext): ApiAnswer {
  return value && !("deleted" in value) ? ok(value, ctx) : missing(what, id, ctx);
}

function createEndpoint(_m: RegExpExecArray, params: Params, _call: ApiCall, ctx: ApiContext): ApiAnswer {
  if (typeof params.url !== "string" || !/^https?:\/\/[^/]/.test(params.url)) {
    return stripeError(400, "invalid_request_error", "url_invalid", "Invalid URL: a webhook endpoint needs an http(s) URL.", ctx, "url");
  }
  const events = Array.isArray(params.enabled_events) ? params.enabled_events.map(String) : [];
  if (events.length === 0)
    return stripeError(400, "invalid_request_error", "parameter_missing", "Missing required param: enabled_events.", ctx, "enabled_events");
  const version = typeof params.api_version === "string" ? params.api_version : null;
  if (version !== null && !(STRIPE_API_VERSIONS as readonly string[]).includes(version)) {
    return stripeError(
      400,
      "invalid_request_error",
      "parameter_invalid_string",
      `Invalid api_version: wh-sim shapes events for ${STRIPE_API_VERSIONS.join(", ")}.`,
      ctx,
      "api_version",
    );
  }
  const endpoint: WebhookEndpoint = {
    id: `we_${ctx.random.chars(24, ALPHANUMERIC)}`,
    object: "webhook_endpoint",
    api_version: version,
    application: null,
    created: Math.floor(ctx.now.getTime() / 1000),
    description: typeof params.description === "string" ? params.description : null,
    enabled_events: events,
    livemode: false,
    metadata: {},
    secret: `whsec_${ctx.random.chars(32, ALPHANUMERIC)}`,
    status: "enabled",
    url: params.url,
  };
  saveEndpoint(ctx.world, endpoint);
  return ok(endpoint, ctx);
}

function deleteEndpoint(m: RegExpExecArray, _p: Params, _c: ApiCall, ctx: ApiContext): ApiAnswer {
  const endpoint = storedEndpoint(ctx.world, m[1]!);
  if (!endpoint || "deleted" in endpoint) return missing("webhook endpoint", m[1]!, ctx);
  saveEndpoint(ctx.world, { id: endpoint.id, deleted: true });
  return ok({ id: endpoint.id, object: "webhook_endpoint", deleted: true }, ctx);
}

async function account(id: string, call: ApiCall, ctx: ApiContext): Promise<StoredObject | ApiAnswer> {
  const stored = await objectById(id, ctx);
  if (!stored || stored.object.object !== "financial_connections.account" || !inContext(stored, call))
    return missing("financial connections account", id, ctx, "account");
  return stored;
}

function listAccounts(_m: RegExpExecArray, params: Params, call: ApiCall, ctx: ApiContext): ApiAnswer {
  const holder = isObject(params.account_holder) ? params.account_holder : {};
  const accounts = eventIds(ctx.world)
    .flatMap((id) => {
      const object = (storedEvent(ctx.world, id)?.object.data as { object?: JsonObject } | undefined)?.object;
      return object?.object === "financial_connections.account" ? [String(object.id)] : [];
    })
    .filter((id, i, all) => all.indexOf(id) === i)
    .flatMap((id) => storedObject(ctx.world, id) ?? [])
    .filter((a) => inContext(a, call))
    .map((a) => a.object)
    .filter((a) => {
      const h = a.account_holder as JsonObject | null;
      return (holder.customer === undefined || h?.customer === holder.customer) && (holder.account === undefined || h?.account === holder.account);
    });
  return list(accounts, "/v1/financial_connections/accounts", params, ctx);
}

async function listOwners(m: RegExpExecArray, params: Params, call: ApiCall, ctx: ApiContext): Promise<ApiAnswer> {
  const found = await account(m[1]!, call, ctx);
  if (!("object" in found && isObject(found.object) && "account" in found)) return found as ApiAnswer;
  if (typeof params.ownership !== "string")
    return stripeError(400, "invalid_request_error", "parameter_missing", "Missing required param: ownership.", ctx, "ownership");
  if (params.ownership !== found.object.ownership) return missing("financial connections account ownership", params.ownership, ctx, "ownership");
  return list(owners(found.object, params.ownership), `/v1/financial_connections/accounts/${m[1]}/owners`, params, ctx);
}

async function listTransactions(_m: RegExpExecArray, params: Params, call: ApiCall, ctx: ApiContext): Promise<ApiAnswer> {
  if (typeof params.account !== "string")
    return stripeError(400, "invalid_request_error", "parameter_missing", "Missing required param: account.", ctx, "account");
  const found = await account(params.account, call, ctx);
  if (!("account" in found && isObject(found.object))) return found as ApiAnswer;
  const after = isObject(params.transaction_refresh) ? params.transaction_refresh.after : undefined;
  const all = transactions(found.object).filter((t) => after === undefined || t.transaction_refresh !== after);
  return list(all, "/v1/financial_connections/transactions", params, ctx);
}

async function retrieveSession(m: RegExpExecArray, _p: Params, call: ApiCall, ctx: ApiContext): Promise<ApiAnswer> {
  const sessionId = m[1]!;
  if (!/^fcsess_\w+$/.test(sessionId)) return missing("financial connections session", sessionId, ctx);
  const accounts = (listAccounts(m, {}, call, ctx).body as { data: JsonObject[] }).data;
  const holder = (accounts[0]?.account_holder as JsonObject | undefined) ?? { customer: `cus_${ctx.random.chars(14, ALPHANUMERIC)}`, type: "customer" };
  return ok(
    {
      id: sessionId,
      object: "financial_connections.session",
      account_holder: holder,
      accounts: { object: "list", data: accounts, has_more: false, url: "/v1/financial_connections/accounts" },
      client_secret: `${sessionId}_secret_${ctx.random.chars(24, ALPHANUMERIC)}`,
      filters: { countries: ["US"] },
      livemode: false,
      permissions: ["balances", "ownership", "payment_method", "transactions"],
      prefetch: null,
      return_url: null,
    },
    ctx,
  );
}

/** refresh / subscribe / unsubscribe / disconnect: the account as the action leaves it, and the events it sends. */
async function accountAction(m: RegExpExecArray, params: Params, call: ApiCall, ctx: ApiContext): Promise<ApiAnswer> {
  const found = await account(m[1]!, call, ctx);
  if (!("account" in found && isObject(found.object))) return found as ApiAnswer;
  const features = Array.isArray(params.features) ? params.features.map(String) : [];
  const action = m[2]!;
  if (action !== "disconnect" && features.length === 0)
    return stripeError(400, "invalid_request_error", "parameter_missing", "Missing required param: features.", ctx, "features");
  const bad = features.find((f) => !(f in REFRESH_EVENTS));
  if (bad)
    return stripeError(
      400,
      "invalid_request_error",
      "parameter_invalid_string",
      `Invalid features[]: must be one of balance, ownership, transactions; got ${bad}.`,
      ctx,
      "features",
    );
  let now: JsonObject = found.object;
  const events: [string, JsonObject][] = [];
  if (action === "refresh") {
    now = pending(found.object, features, ctx);
    const done = refreshed(found.object, features, ctx);
    for (const feature of features) events.push([REFRESH_EVENTS[feature]!, done]);
  } else if (action === "subscribe" || action === "unsubscribe") {
    const current = new Set((found.object.subscriptions as string[] | undefined) ?? []);
    for (const f of features)
      if (action === "subscribe") current.add(f);
      else current.delete(f);
    now = { ...found.object, subscriptions: [...current] };
  } else {
    now = { ...found.object, status: "disconnected" };
    events.push(["financial_connections.account.disconnected", now]);
  }
  const sent = endpointsFor(events, found.account, ctx);
  // With no endpoint to tell, the refresh still completes: the account is at once as it left it.
  saveObject(ctx.world, sent.length || action !== "refresh" ? now : (events.at(-1)?.[1] ?? now), found.account);
  return { ...ok(now, ctx), ...(sent.length ? { events: sent } : {}), subject: String(found.object.id) };
}

/** Each event to every registered endpoint that takes its type, signed with that endpoint's secret, at its API version. */
function endpointsFor(events: readonly [string, JsonObject][], account: string | null, ctx: ApiContext): ApiEvent[] {
  const endpoints = endpointIds(ctx.world).flatMap((id) => storedEndpoint(ctx.world, id) ?? []);
  return events.flatMap(([type, object]) =>
    endpoints
      .filter((e) => e.enabled_events.includes("*") || e.enabled_events.includes(type))
      .map((e) => ({
        url: e.url,
        event: type,
        data: { data: { object } },
        secrets: [e.secret],
        options: { ...(e.api_version ? { apiVersion: e.api_version } : {}), ...(account ? { account } : {}) },
      })),
  );
}

function unknown(call: ApiCall, ctx: ApiContext): ApiAnswer {
  return stripeError(
    404,
    "invalid_request_error",
    undefined,
    `Unrecognized request URL (${call.method}: ${call.path}). wh-sim answers the objects of the events it sent, /v1/events, Financial Connections (accounts, owners, transactions, sessions, refresh, subscribe, disconnect) and /v1/webhook_endpoints.`,
    ctx,
  );
}

const ok = (body: JsonObject, ctx: ApiContext): ApiAnswer => ({
  status: 200,
  body,
  headers: { "request-id": `req_${ctx.random.chars(14, ALPHANUMERIC)}` },
  ...(typeof body.id === "string" ? { subject: body.id } : {}),
});
