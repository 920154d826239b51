import { findRoute, type ApiRoute } from "../../api-kit/index.js";
import { ALPHANUMERIC } from "../../../lib/crypto.js";
import { isObject, type JsonObject } from "../../../lib/json.js";
import type { ApiAnswer, ApiContext, ApiEvent } from "../../types.js";
import { asItems, itemAccounts, transaction, transactionAccount } from "./data.js";
import { apiError, PRODUCT_ENDPOINTS, requireFields } from "./errors.js";
import { PLAID_EVENTS } from "../events.generated.js";
import { applyWebhook, NEW_PER_UPDATE } from "./effects.js";
import { createItem, isoDate, itemByToken, itemCount, MAX_ITEMS, plaidId, saveItem, type PlaidItem } from "./item.js";

type Handler = (request: JsonObject, ctx: ApiContext) => ApiAnswer;
/** A handler of an Item's endpoint: the Item is found (and healthy, for data) before it runs. */
type ItemHandler = (request: JsonObject, item: PlaidItem, ctx: ApiContext) => ApiAnswer;

const ok = (body: JsonObject, ctx: ApiContext, item?: PlaidItem, events: ApiEvent[] = []): ApiAnswer => ({
  status: 200,
  body: { ...body, request_id: requestId(ctx) },
  ...(item ? { subject: `item ${item.item_id}` } : {}),
  ...(events.length ? { events } : {}),
});
export const requestId = (ctx: ApiContext) => ctx.random.chars(15, ALPHANUMERIC);

/** A webhook to the Item's URL (none when it has none), with the Item's id. */
const webhook = (item: PlaidItem, event: string, data: JsonObject = {}): ApiEvent[] =>
  item.webhook ? [{ url: item.webhook, event, data: { item_id: item.item_id, ...data } }] : [];

const CURSOR = /^whsim-([0-9]+)$/;

/** The endpoints answered for an Item (its access token found, the Item healthy for data calls). */
const ITEM_ENDPOINTS: Record<string, ItemHandler> = {
  "/item/public_token/exchange": (_request, item, ctx) => ok({ access_token: item.access_token, item_id: item.item_id }, ctx, item),
  "/item/get": (_request, item, ctx) => {
    const template = ctx.template("item.get");
    const products = item.products;
    return ok(
      {
        ...template,
        item: {
          ...(template.item as JsonObject),
          item_id: item.item_id,
          institution_id: item.institution_id,
          institution_name: item.institution_name,
          webhook: item.webhook,
          error: item.error
            ? {
                ...item.error,
                request_id: requestId(ctx),
                causes: [],
                status: 400,
                documentation_url: "https://plaid.com/docs/errors/item/",
                suggested_action: null,
              }
            : null,
          products,
          billed_products: products,
          consented_products: products,
          available_products: ["balance", "identity", "investments", "liabilities"].filter((p) => !products.includes(p)),
          created_at: item.created_at,
          consent_expiration_time: null,
        },
        status: { transactions: { last_successful_update: item.created_at, last_failed_update: null }, last_webhook: null },
      },
      ctx,
      item,
    );
  },
  "/item/webhook/update": (request, item, ctx) => {
    item.webhook = String(request.webhook);
    saveItem(ctx.world, item);
    const body = asItems(ctx.template("item.webhook.update"), item, itemAccounts(item, ctx));
    return ok(
      { ...body, item: { ...(body.item as JsonObject), webhook: item.webhook } },
      ctx,
      item,
      webhook(item, "ITEM.WEBHOOK_UPDATE_ACKNOWLEDGED", { new_webhook_url: item.webhook }),
    );
  },
  "/item/remove": (_request, item, ctx) => {
    item.removed = true;
    saveItem(ctx.world, item);
    return ok({}, ctx, item);
  },
  "/accounts/get": (_request, item, ctx) => accounts(item, ctx),
  "/accounts/balance/get": (_request, item, ctx) => accounts(item, ctx),
  "/auth/get": (_request, item, ctx) => fromTemplate("auth.get", item, ctx),
  "/identity/get": (_request, item, ctx) => fromTemplate("identity.get", item, ctx),
  "/investments/holdings/get": (_request, item, ctx) => fromTemplate("investments.holdings.get", item, ctx),
  "/investments/transactions/get": (_request, item, ctx) => fromTemplate("investments.transactions.get", item, ctx),
  "/liabilities/get": (_request, item, ctx) => fromTemplate("liabilities.get", item, ctx),
  "/transactions/recurring/get": (_request, item, ctx) => fromTemplate("transactions.recurring.get", item, ctx),
  "/transactions/sync": (request, item, ctx) => {
    const match = CURSOR.exec(String(request.cursor ?? "whsim-0") || "whsim-0");
    if (!match) return apiError("INVALID_INPUT", "INVALID_FIELD", "cursor is not a cursor this Item returned", ctx);
    const count = Math.min(500, Math.max(1, Number(request.count ?? 100)));
    const from = Number(match[1]);
    const all = itemAccounts(item, ctx);
    const account = transactionAccount(all);
    const page = item.log.slice(from, from + count).map((entry) => transaction(entry, item, account, ctx));
    const next = Math.min(item.log.length, from + count);
    return ok(
      {
        transactions_update_status: "HISTORICAL_UPDATE_COMPLETE",
        accounts: [account],
        added: page,
        modified: [],
        removed: [],
        next_cursor: `whsim-${next}`,
        has_more: next < item.log.length,
      },
      ctx,
      item,
    );
  },
  "/transactions/get": (request, item, ctx) => {
    const missing = requireFields(request, ["start_date", "end_date"], ctx);
    if (missing) return missing;
    const options = isObject(request.options) ? request.options : {};
    const all = itemAccounts(item, ctx);
    const account = transactionAccount(all);
    const inRange = item.log
      .map((entry) => transaction(entry, item, account, ctx))
      .filter((t) => String(t.date) >= String(request.start_date) && String(t.date) <= String(request.end_date))
      .reverse();
    const offset = Number(options.offset ?? 0);
    const count = Math.min(500, Number(options.count ?? 100));
    const template = ctx.template("transactions.get");
    return ok(
      {
        accounts: all,
        transactions: inRange.slice(offset, offset + count),
        total_transactions: inRange.length,
        item: { ...(asItems(template, item, all).item as JsonObject), webhook: item.webhook, products: item.products },
      },
      ctx,
      item,
    );
  },
  "/transactions/refresh": (_request, item, ctx) => {
    item.log.push({ n: item.log.length, date: isoDate(ctx.now.getTime()) });
    return fired(item, ctx, "TRANSACTIONS.SYNC_UPDATES_AVAILABLE", { initial_update_complete: true, historical_update_complete: true }, {});
  },
  "/sandbox/item/reset_login": (_request, item, ctx) => {
    item.error = LOGIN_REQUIRED;
    return fired(item, ctx, "ITEM.ERROR", { error: { ...LOGIN_REQUIRED, status: 400 } }, { reset_login: true });
  },
  "/sandbox/item/fire_webhook": (request, item, ctx) => {
    const code = String(request.webhook_code ?? "");
    const type = typeof request.webhook_type === "string" ? request.webhook_type : (FIRE_TYPES[code] ?? "TRANSACTIONS");
    if (!FIRE_TYPES[code]) return apiError("INVALID_INPUT", "INVALID_FIELD", `webhook_code must be one of ${Object.keys(FIRE_TYPES).join(", ")}`, ctx);
    // A type with which the code makes no webhook Plaid documents is refused, never "fired" into nothing.
    if (!PLAID_EVENTS.some((e) => e.name === `${type}.${code}`)) {
      const types = PLAID_EVENTS.filter((e) => e.name.endsWith(`.${code}`)).map((e) => e.name.split(".")[0]);
      const message = types.length
        ? `webhook_type ${type} has no ${code} webhook; with ${code}, webhook_type is one of ${types.join(", ")}`
        : `wh-sim has no ${type}.${code} webhook to send (wh-sim list plaid shows those it has)`;
      return apiError("INVALID_INPUT", "INVALID_FIELD", message, ctx);
    }
    // The Item moves as the webhook says (new transactions to sync, an error), as when the same webhook is sent with trigger.
    const data = FIRED_DATA[code] ?? {};
    applyWebhook({ webhook_type: type, webhook_code: code, ...data }, item, ctx);
    return fired(item, ctx, `${type}.${code}`, data, { webhook_fired: true });
  },
  "/sandbox/transactions/create": (request, item, ctx) => {
    const given = Array.isArray(request.transactions) ? request.transactions.filter(isObject) : [];
    if (given.length === 0) return apiError("INVALID_REQUEST", "MISSING_FIELDS", "the following required fields are missing: transactions", ctx);
    for (const t of given) {
      const bad = ["amount", "date_posted", "date_transacted", "description"].find((f) => t[f] === undefined);
      if (bad) return apiError("INVALID_REQUEST", "MISSING_FIELDS", `the following required fields are missing: transactions[].${bad}`, ctx);
      item.log.push({ created: t, id: plaidId(ctx.random), date: String(t.date_posted) });
    }
    return fired(item, ctx, "TRANSACTIONS.SYNC_UPDATES_AVAILABLE", { initial_update_complete: true, historical_update_complete: true }, {});
  },
};

/** `/sandbox/item/fire_webhook`'s codes (the spec's enum) and the type each belongs to. */
const FIRE_TYPES: Record<string, string> = {
  DEFAULT_UPDATE: "TRANSACTIONS",
  NEW_ACCOUNTS_AVAILABLE: "ITEM",
  SMS_MICRODEPOSITS_VERIFICATION: "AUTH",
  AUTHORIZATION_GRANTED: "INCOME",
  USER_PERMISSION_REVOKED: "ITEM",
  USER_ACCOUNT_REVOKED: "ITEM",
  PENDING_DISCONNECT: "ITEM",
  RECURRING_TRANSACTIONS_UPDATE: "TRANSACTIONS",
  LOGIN_REPAIRED: "ITEM",
  SYNC_UPDATES_AVAILABLE: "TRANSACTIONS",
  // The spec's enum says INCOME_VERIFICATION; the webhook it fires is INCOME: PRODUCT_READY.
  PRODUCT_READY: "INCOME",
  ERROR: "ITEM",
};

const LOGIN_REQUIRED = {
  error_type: "ITEM_ERROR",
  error_code: "ITEM_LOGIN_REQUIRED",
  error_message:
    "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state",
  display_message:
    "The login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information.",
};

/** What a fired webhook carries beyond its fixture, so that the Item and the body agree. */
const FIRED_DATA: Record<string, JsonObject> = {
  ERROR: { error: { ...LOGIN_REQUIRED, status: 400 } },
  DEFAULT_UPDATE: { new_transactions: NEW_PER_UPDATE },
};

function accounts(item: PlaidItem, ctx: ApiContext): ApiAnswer {
  const all = itemAccounts(item, ctx);
  const template = ctx.template("accounts.get");
  return ok({ accounts: all, item: { ...(asItems(template, item, all).item as JsonObject), webhook: item.webhook, products: item.products } }, ctx, item);
}

function fromTemplate(name: string, item: PlaidItem, ctx: ApiContext): ApiAnswer {
  const { request_id: _id, ...body } = asItems(ctx.template(name), item, itemAccounts(item, ctx));
  if (isObject(body.item)) body.item = { ...body.item, webhook: item.webhook, products: item.products };
  return ok(body, ctx, item);
}

/** The Item saved, and a webhook the call causes, sent to the Item's URL. */
function fired(item: PlaidItem, ctx: ApiContext, event: string, data: JsonObject, body: JsonObject): ApiAnswer {
  saveItem(ctx.world, item);
  return ok(body, ctx, item, webhook(item, event, data));
}

/** Endpoints that need no Item. */
const OPEN_ENDPOINTS: Record<string, Handler> = {
  "/sandbox/public_token/create": (request, ctx) => {
    const missing = requireFields(request, ["institution_id", "initial_products"], ctx);
    if (missing) return missing;
    // The world is bounded: each Item is four documents, and a script (or a page) could make thousands.
    if (itemCount(ctx.world) >= MAX_ITEMS)
      return apiError(
        "INVALID_REQUEST",
        "SANDBOX_ITEM_LIMIT",
        `wh-sim keeps at most ${MAX_ITEMS} Sandbox Items (removed ones too): clear $WH_SIM_HOME/world/plaid-item/ to start afresh`,
        ctx,
      );
    const options = isObject(request.options) ? request.options : {};
    const item = createItem(ctx.world, ctx.random, ctx.now, {
      institution_id: String(request.institution_id),
      institution_name: request.institution_id === "ins_109508" ? "First Platypus Bank" : "Platypus Sandbox Bank",
      products: (request.initial_products as unknown[]).map(String),
      webhook: typeof options.webhook === "string" ? options.webhook : null,
    });
    return ok({ public_token: item.public_token }, ctx, item);
  },
  "/link/token/create": (request, ctx) => {
    const missing = requireFields(request, ["client_name", "language", "country_codes", "user"], ctx);
    if (missing) return missing;
    const expiration = new Date(ctx.now.getTime() + 4 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
    return ok(
      {
        link_token: `link-sandbox-${ctx.random.chars(8, "0123456789abcdef")}-${ctx.random.chars(4, "0123456789abcdef")}-4${ctx.random.chars(3, "0123456789abcdef")}-a${ctx.random.chars(3, "0123456789abcdef")}-${ctx.random.chars(12, "0123456789abcdef")}`,
        expiration,
      },
      ctx,
    );
  },
  "/transfer/event/sync": (request, ctx) => {
    const template = ctx.template("transfer.event.sync");
    const after = Number(request.after_id ?? 0);
    const events = (template.transfer_events as JsonObject[]).filter((e) => Number(e.event_id) > after);
    return ok({ transfer_events: events, has_more: false }, ctx);
  },
};

// Plaid's API names each call by its path, all POST: its tables in the kit's route type.
const OPEN_ROUTES = postRoutes(OPEN_ENDPOINTS);
const ITEM_ROUTES = postRoutes(ITEM_ENDPOINTS);
export const ENDPOINTS = [...OPEN_ROUTES, ...ITEM_ROUTES].map(([, path]) => String(path)).sort();

function postRoutes<H>(table: Record<string, H>): ApiRoute<H>[] {
  return Object.entries(table).map(([path, handler]) => ["POST", path, handler] as const);
}

/** One call to Plaid's API: its Item found (from the access or public token), its product checked, then answered. */
export function plaidEndpoint(path: string, request: JsonObject, ctx: ApiContext): ApiAnswer | undefined {
  const open = findRoute(OPEN_ROUTES, { method: "POST", path });
  if (typeof open === "object") return open.answer(request, ctx);
  const route = findRoute(ITEM_ROUTES, { method: "POST", path });
  if (typeof route !== "object") return undefined;
  const handler = route.answer;
  const tokenField = path === "/item/public_token/exchange" ? "public_token" : "access_token";
  const missing = requireFields(request, [tokenField], ctx);
  if (missing) return missing;
  const item = itemByToken(ctx.world, String(request[tokenField]));
  if (!item || item.removed || (tokenField === "access_token" && item.access_token !== request.access_token)) {
    return tokenField === "public_token"
      ? apiError(
          "INVALID_INPUT",
          "INVALID_PUBLIC_TOKEN",
          "provided public token is in an invalid format. expected format: public-<environment>-<identifier>",
          ctx,
        )
      : apiError(
          "INVALID_INPUT",
          "INVALID_ACCESS_TOKEN",
          "provided access token is in an invalid format. expected format: access-<environment>-<identifier>",
          ctx,
        );
  }
  const product = PRODUCT_ENDPOINTS[path];
  if (product && !item.products.includes(product)) {
    return apiError(
      "ITEM_ERROR",
      "PRODUCTS_NOT_SUPPORTED",
      `the ${product} product is not enabled for this Item (initial_products: ${item.products.join(", ")})`,
      ctx,
    );
  }
  const data = path !== "/item/get" && path !== "/item/remove" && path !== "/item/webhook/update" && !path.startsWith("/sandbox/");
  if (data && item.error)
    return {
      ...apiError(item.error.error_type, item.error.error_code, item.error.error_message, ctx, item.error.display_message),
      subject: `item ${item.item_id}`,
    };
  const answer = handler(request, item, ctx);
  return answer.subject ? answer : { ...answer, subject: `item ${item.item_id}` };
}
