import { ALPHANUMERIC } from "../../../lib/crypto.js";
import { isObject, type JsonObject } from "../../../lib/json.js";
import type { ApiAnswer, ApiCall, ApiContext } from "../../types.js";
import { stripeError, missing } from "./errors.js";
import { owners, pending, REFRESH_EVENTS, refreshed, transactions } from "./financial-connections.js";
import { eventIds, saveObject, storedEvent, storedObject, type StoredObject } from "./store.js";
import { inContext, list, objectById, ok, type Params } from "./answers.js";
import { endpointsFor } from "./endpoints.js";

// Financial Connections: the lists a handler reads, and the actions that change an account (and send its events).

async function account(id: string, call: ApiCall, ctx: ApiContext): Promise<StoredObject | ApiAnswer> {
  const stored = await objectById(id, ctx);
  if (!stored || stored.object.object !== "financial_connections.account" || !inContext(stored, call))
    return missing("financial connections account", id, ctx, "account");
  return stored;
}

export function listAccounts(_ids: string[], params: Params, call: ApiCall, ctx: ApiContext): ApiAnswer {
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

export async function listOwners(ids: string[], params: Params, call: ApiCall, ctx: ApiContext): Promise<ApiAnswer> {
  const found = await account(ids[0]!, call, ctx);
  if (!("object" in found && isObject(found.object) && "account" in found)) return found as ApiAnswer;
  if (typeof params.ownership !== "string")
    return stripeError(400, "invalid_request_error", "parameter_missing", "Missing required param: ownership.", ctx, "ownership");
  if (params.ownership !== found.object.ownership) return missing("financial connections account ownership", params.ownership, ctx, "ownership");
  return list(owners(found.object, params.ownership), `/v1/financial_connections/accounts/${ids[0]}/owners`, params, ctx);
}

export async function listTransactions(_ids: string[], params: Params, call: ApiCall, ctx: ApiContext): Promise<ApiAnswer> {
  if (typeof params.account !== "string")
    return stripeError(400, "invalid_request_error", "parameter_missing", "Missing required param: account.", ctx, "account");
  const found = await account(params.account, call, ctx);
  if (!("account" in found && isObject(found.object))) return found as ApiAnswer;
  const after = isObject(params.transaction_refresh) ? params.transaction_refresh.after : undefined;
  const all = transactions(found.object).filter((t) => after === undefined || t.transaction_refresh !== after);
  return list(all, "/v1/financial_connections/transactions", params, ctx);
}

export async function retrieveSession(ids: string[], _p: Params, call: ApiCall, ctx: ApiContext): Promise<ApiAnswer> {
  const sessionId = ids[0]!;
  if (!/^fcsess_\w+$/.test(sessionId)) return missing("financial connections session", sessionId, ctx);
  const accounts = (listAccounts(ids, {}, call, ctx).body as { data: JsonObject[] }).data;
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
export async function accountAction(ids: string[], params: Params, call: ApiCall, ctx: ApiContext): Promise<ApiAnswer> {
  const found = await account(ids[0]!, call, ctx);
  if (!("account" in found && isObject(found.object))) return found as ApiAnswer;
  const features = Array.isArray(params.features) ? params.features.map(String) : [];
  const action = ids[1]!;
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
  // To each registered endpoint that takes them, and to the listener's --forward-to target.
  const sent = endpointsFor(events, found.account, ctx);
  const toEndpoints = sent.filter((e) => e.url !== "");
  // With no endpoint to tell, the refresh still completes: the account is at once as it left it.
  saveObject(ctx.world, toEndpoints.length || action !== "refresh" ? now : (events.at(-1)?.[1] ?? now), found.account);
  return { ...ok(now, ctx), ...(sent.length ? { events: sent } : {}), subject: String(found.object.id) };
}
