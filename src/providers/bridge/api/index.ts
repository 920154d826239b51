import { applyOnce, findRoute, jsonBody, text, type ApiRoute } from "../../api-kit/index.js";
import type { ApiAnswer, ApiCall, ApiContext, ApiEvent, JsonObject, ProviderApi } from "../../types.js";
import { accountById, addTransactions, applyEvent, itemById, saveAccount, saveItem, saveUser, userByUuid, type BridgeUser } from "./state.js";
import { listTransactions, userAccounts } from "./transactions.js";
import { accountView, bridgeError, itemView, newOnRefresh, statusInfo, transactionView } from "./views.js";

/** The version whose v3 API wh-sim answers. */
const VERSION = "2025-01-15";
/** A user's token lasts two hours (Bridge's authentication guide). */
const TOKEN_TTL_MS = 2 * 3600_000;
const TOKEN = "bridge-token";

type UserRoute = (ids: string[], call: ApiCall, ctx: ApiContext, user: BridgeUser) => ApiAnswer;
const list = (resources: JsonObject[], ctx: ApiContext): ApiAnswer => ({
  status: 200,
  body: { resources, generated_at: ctx.now.toISOString(), pagination: { next_uri: null } },
});

/** A route made for a user: answered with the user its Bearer token was given for, else Bridge's 401. */
const forUser =
  (answer: UserRoute): ApiRoute[2] =>
  (ids, call, ctx) => {
    const user = bearerUser(call, ctx);
    return "status" in user ? user : answer(ids, call, ctx, user);
  };

/** The calls made for a user, with the Bearer token `POST /v3/aggregation/authorization/token` gave. */
const userRoutes: readonly (readonly [string, RegExp, UserRoute])[] = [
  ["GET", /^\/v3\/aggregation\/items$/, (_i, _c, ctx, user) => list(user.item_ids.flatMap((id) => visibleItem(ctx, user, id) ?? []).map(itemView), ctx)],
  [
    "GET",
    /^\/v3\/aggregation\/items\/(\d+)$/,
    ([id], _c, ctx, user) => withItem(ctx, user, id!, (item) => ({ status: 200, body: itemView(item), subject: `item ${item.id}` })),
  ],
  ["POST", /^\/v3\/aggregation\/items\/(\d+)\/refresh$/, ([id], _c, ctx, user) => withItem(ctx, user, id!, (item) => refresh(item, user, ctx))],
  [
    "GET",
    /^\/v3\/aggregation\/accounts$/,
    (_i, call, ctx, user) => {
      const itemId = new URLSearchParams(call.query).get("item_id");
      const accounts = userAccounts(ctx.world, user).filter(({ item }) => itemId === null || String(item.id) === itemId);
      return list(
        accounts.map(({ account, item }) => accountView(account, item)),
        ctx,
      );
    },
  ],
  [
    "GET",
    /^\/v3\/aggregation\/accounts\/(\d+)$/,
    ([id], _c, ctx, user) => {
      const found = userAccounts(ctx.world, user).find(({ account }) => String(account.id) === id);
      return found
        ? { status: 200, body: accountView(found.account, found.item), subject: `account ${id}` }
        : bridgeError(404, "not_found", `no account ${id}`);
    },
  ],
  ["GET", /^\/v3\/aggregation\/transactions$/, (_i, call, ctx, user) => listTransactions(new URLSearchParams(call.query), user, ctx.world, ctx.now)],
];

/** The calls made with the application's keys alone, then those made for a user. */
const routes: readonly ApiRoute[] = [
  ["POST", /^\/v3\/aggregation\/authorization\/token$/, (_ids, call, ctx) => authorize(call, ctx)],
  ["POST", /^\/v3\/aggregation\/users$/, (_ids, call, ctx) => createUser(call, ctx)],
  ...userRoutes.map(([method, path, answer]) => [method, path, forUser(answer)] as const),
];

/**
 * Bridge's aggregation API (v3, 2025-01-15) as a webhook handler calls it back, offline: a user's
 * token, items, accounts and transactions as the events sent left them (`nb_new_transactions`
 * honoured exactly); a refresh sends `item.refreshed` and `item.account.updated`.
 */
export const bridgeApi: ProviderApi = {
  templates: [],
  prefixes: ["/v3/aggregation/"],
  claims: (call: ApiCall) => call.path.startsWith("/v3/aggregation/"),
  answer(call, ctx) {
    const missing = ["client-id", "client-secret"].filter((h) => !call.headers[h]);
    if (missing.length)
      return bridgeError(401, "unauthorized", `missing ${missing.map((h) => (h === "client-id" ? "Client-Id" : "Client-Secret")).join(" and ")}`);
    const version = call.headers["bridge-version"];
    if (version !== VERSION)
      return bridgeError(
        400,
        "invalid_version",
        `${version ? `Bridge-Version ${version} is not answered` : "no Bridge-Version header"}: wh-sim answers ${VERSION}`,
      );
    const route = findRoute(routes, call);
    return route && route !== "method"
      ? route.answer(route.ids, call, ctx)
      : bridgeError(404, "not_found", `wh-sim does not answer ${call.method} ${call.path}`);
  },
  observe(payload, body, ctx, caused = false) {
    applyOnce(ctx.world, "bridge-seen", body, () => applyEvent(payload, ctx.world, ctx.now), caused);
  },
};

/** The user a Bearer token was given for, or Bridge's 401. */
function bearerUser(call: ApiCall, ctx: ApiContext): BridgeUser | ApiAnswer {
  const token = /^Bearer ([0-9a-f]{64})$/.exec(call.headers.authorization ?? "")?.[1];
  if (!token) return bridgeError(401, "unauthorized", "no user token: send Authorization: Bearer <access_token from POST /v3/aggregation/authorization/token>");
  const session = ctx.world.get<{ user_uuid: string; expires_at: string }>(TOKEN, token);
  if (!session) return bridgeError(401, "unauthorized", "this access token was not given by this API");
  if (Date.parse(session.expires_at) <= ctx.now.getTime()) return bridgeError(401, "unauthorized", `this access token expired at ${session.expires_at}`);
  const user = userByUuid(ctx.world, session.user_uuid);
  return user && !user.deleted ? user : bridgeError(401, "unauthorized", "the user of this token was deleted");
}

function authorize(call: ApiCall, ctx: ApiContext): ApiAnswer {
  const body = jsonBody(call);
  if (!body) return bridgeError(400, "invalid_request", "the body is not a JSON object");
  const uuid = text(body.user_uuid);
  const external = text(body.external_user_id);
  if (!uuid && !external) return bridgeError(400, "invalid_request", "give user_uuid or external_user_id");
  const user = uuid ? userByUuid(ctx.world, uuid) : findByExternalId(ctx, external!);
  if (!user || user.deleted)
    return bridgeError(404, "not_found", `no user ${uuid ?? external}: a user exists once an event named it or POST /v3/aggregation/users made it`);
  const access_token = ctx.random.bytes(32).toString("hex");
  const expires_at = new Date(ctx.now.getTime() + TOKEN_TTL_MS).toISOString();
  ctx.world.put(TOKEN, access_token, { user_uuid: user.uuid, expires_at });
  return { status: 200, body: { access_token, expires_at, user: { uuid: user.uuid, external_user_id: user.external_user_id } }, subject: `user ${user.uuid}` };
}

function findByExternalId(ctx: ApiContext, external: string): BridgeUser | undefined {
  // The whole id names the document (the world keeps a long one under its hash), and the user found must carry it.
  const uuid = ctx.world.get<{ uuid: string }>("bridge-external-id", external)?.uuid;
  const user = uuid ? userByUuid(ctx.world, uuid) : undefined;
  return user?.external_user_id === external ? user : undefined;
}

function createUser(call: ApiCall, ctx: ApiContext): ApiAnswer {
  const body = jsonBody(call);
  if (!body) return bridgeError(400, "invalid_request", "the body is not a JSON object");
  const external = text(body.external_user_id) ?? null;
  if (external && findByExternalId(ctx, external)) return bridgeError(409, "conflict", `a user with external_user_id ${external} already exists`);
  const hex = ctx.random.bytes(16).toString("hex");
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  saveUser(ctx.world, { uuid, external_user_id: external, created_at: ctx.now.toISOString(), item_ids: [] });
  if (external) ctx.world.put("bridge-external-id", external, { uuid });
  return { status: 201, body: { uuid, external_user_id: external }, subject: `user ${uuid}` };
}

const visibleItem = (ctx: ApiContext, user: BridgeUser, id: number) => {
  const item = itemById(ctx.world, id);
  return item && !item.deleted && item.user_uuid === user.uuid ? item : undefined;
};

function withItem(ctx: ApiContext, user: BridgeUser, id: string, answer: (item: NonNullable<ReturnType<typeof itemById>>) => ApiAnswer): ApiAnswer {
  const item = visibleItem(ctx, user, Number(id));
  return item ? answer(item) : bridgeError(404, "not_found", `no item ${id} for this user`);
}

/**
 * A refresh, done at once: each account gets its new transactions, the item is ok; `item.refreshed`
 * and one `item.account.updated` per account (with exactly those counts) go to the listener's
 * --forward-to target, Bridge's webhooks being set in its dashboard, not by the API.
 */
function refresh(item: NonNullable<ReturnType<typeof itemById>>, user: BridgeUser, ctx: ApiContext): ApiAnswer {
  const at = ctx.now.toISOString();
  item.refreshes++;
  item.status = 0;
  item.last_try_refresh = at;
  item.last_successful_refresh = at;
  const key = `${item.id}:refresh:${item.refreshes}:${at}`;
  const events: ApiEvent[] = [
    {
      url: "",
      event: "item.refreshed",
      data: {
        content: { item_id: item.id, user_uuid: user.uuid, status_code: 0, status_code_info: statusInfo(0), refresh_trigger: "api", full_refresh: false },
      },
      same: key,
    },
  ];
  for (const id of item.account_ids) {
    const account = accountById(ctx.world, id);
    if (!account || account.deleted) continue;
    const added = newOnRefresh(account, item.refreshes);
    const before = account.log.length;
    addTransactions(account, added, at);
    account.balance =
      Math.round((account.balance + account.log.slice(before).reduce((sum, e) => sum + Number(transactionView(account, e).amount), 0)) * 100) / 100;
    account.updated_at = at;
    saveAccount(ctx.world, account);
    const content = {
      account_id: id,
      item_id: item.id,
      user_uuid: user.uuid,
      balance: account.balance,
      nb_new_transactions: added,
      nb_updated_transactions: 0,
      nb_deleted_transactions: 0,
    };
    events.push({ url: "", event: "item.account.updated", data: { content }, same: `${key}:${id}` });
  }
  saveItem(ctx.world, item);
  return { status: 202, body: {}, subject: `item ${item.id}`, events };
}
