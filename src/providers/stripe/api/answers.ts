import { ALPHANUMERIC } from "../../../lib/crypto.js";
import { type JsonObject } from "../../../lib/json.js";
import type { ApiAnswer, ApiCall, ApiContext } from "../../types.js";
import { missing } from "./errors.js";
import { MENTIONED, mentionOf, saveObject, storedObject, type StoredObject } from "./store.js";

// What the routes share: the answer shapes (an object, a list), and finding an object by id in the caller's context.

/** The event each mentioned type's object is made from when no event carried it yet. */
export const MADE_FROM: Record<string, string> = {
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

export type Params = JsonObject;
/** A Stripe route's answer: the ids its path captured, the form parameters, the call. */
export type Route = (ids: string[], params: Params, call: ApiCall, ctx: ApiContext) => ApiAnswer | Promise<ApiAnswer>;

/** The object an id names, in the caller's context: as the last event left it, or made for an id an event mentioned. */
export async function objectById(objectId: string, ctx: ApiContext): Promise<StoredObject | undefined> {
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
export function inContext(stored: StoredObject, call: ApiCall): boolean {
  if (stored.object.object === "account") return true;
  return (stored.account ?? undefined) === (call.headers["stripe-account"] || undefined);
}

/** A Stripe list: `limit` (default 10, at most 100), `starting_after` or `ending_before`, `has_more`. */
export function list(items: readonly JsonObject[], url: string, params: Params, ctx: ApiContext): ApiAnswer {
  const limit = Math.min(100, Math.max(1, Number(params.limit ?? 10)));
  if (typeof params.ending_before === "string") {
    // The page just before that item, still newest first; `has_more` says whether newer ones are left.
    const end = Math.max(
      0,
      items.findIndex((i) => i.id === params.ending_before),
    );
    const start = Math.max(0, end - limit);
    return ok({ object: "list", data: items.slice(start, end), has_more: start > 0, url }, ctx);
  }
  const after = typeof params.starting_after === "string" ? items.findIndex((i) => i.id === params.starting_after) + 1 : 0;
  const page = items.slice(after, after + limit);
  return ok({ object: "list", data: page, has_more: after + limit < items.length, url }, ctx);
}

/** A Stripe range filter: `created[gte]=…`. */
export function within(value: number, range: JsonObject): boolean {
  const [gt, gte, lt, lte] = ["gt", "gte", "lt", "lte"].map((k) => (range[k] === undefined ? undefined : Number(range[k])));
  return (gt === undefined || value > gt) && (gte === undefined || value >= gte) && (lt === undefined || value < lt) && (lte === undefined || value <= lte);
}

export function found(value: JsonObject | undefined, what: string, id: string, ctx: ApiContext): ApiAnswer {
  return value && !("deleted" in value) ? ok(value, ctx) : missing(what, id, ctx);
}

export const ok = (body: JsonObject, ctx: ApiContext): ApiAnswer => ({
  status: 200,
  body,
  headers: { "request-id": `req_${ctx.random.chars(14, ALPHANUMERIC)}` },
  ...(typeof body.id === "string" ? { subject: body.id } : {}),
});
