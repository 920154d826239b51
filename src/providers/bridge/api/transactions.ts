import type { ApiAnswer, JsonObject, WorldView } from "../../types.js";
import { accountById, itemById, type BridgeUser } from "./state.js";
import { bridgeError, transactionView } from "./views.js";

const DEFAULT_LIMIT = 50;
const MOST = 500;
const PATH = "/v3/aggregation/transactions";

/** The user's accounts that are still shown, with their items. */
export function userAccounts(world: WorldView, user: BridgeUser) {
  return user.item_ids.flatMap((itemId) => {
    const item = itemById(world, itemId);
    if (!item || item.deleted) return [];
    return item.account_ids.flatMap((id) => {
      const account = accountById(world, id);
      return account && !account.deleted ? [{ account, item }] : [];
    });
  });
}

/**
 * `GET /v3/aggregation/transactions`: the user's transactions, newest first, filtered by `account_id`,
 * `since` (updated after it, deleted ones included so a sync can drop them), `min_date`/`max_date`,
 * `limit` at a time; `pagination.next_uri` leads to the next page until it is null.
 */
export function listTransactions(query: URLSearchParams, user: BridgeUser, world: WorldView, now: Date): ApiAnswer {
  const limit = query.has("limit") ? Number(query.get("limit")) : DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MOST) return bridgeError(400, "invalid_request", `limit must be an integer from 1 to ${MOST}`);
  const since = query.get("since");
  if (since !== null && Number.isNaN(Date.parse(since))) return bridgeError(400, "invalid_request", "since must be an ISO 8601 date-time");
  for (const key of ["min_date", "max_date"])
    if (query.has(key) && !/^\d{4}-\d{2}-\d{2}$/.test(query.get(key)!)) return bridgeError(400, "invalid_request", `${key} must be a date (YYYY-MM-DD)`);
  const after = query.has("after") ? Number(query.get("after")) : 0;
  if (!Number.isInteger(after) || after < 0) return bridgeError(400, "invalid_request", "after is not a cursor this API gave");
  let accounts = userAccounts(world, user);
  const accountId = query.get("account_id");
  if (accountId !== null) {
    accounts = accounts.filter(({ account }) => String(account.id) === accountId);
    if (!accounts.length) return bridgeError(404, "not_found", `no account ${accountId} for this user`);
  }
  const minDate = query.get("min_date");
  const maxDate = query.get("max_date");
  const sinceMs = since === null ? undefined : Date.parse(since);
  const all = accounts
    .flatMap(({ account }) =>
      account.log
        .filter((e) => (sinceMs === undefined ? !e.deleted : Date.parse(e.updated_at) > sinceMs))
        .filter((e) => (!minDate || e.date >= minDate) && (!maxDate || e.date <= maxDate))
        .map((e) => transactionView(account, e)),
    )
    .sort((a, b) => String(b.date).localeCompare(String(a.date)) || Number(b.id) - Number(a.id));
  const page: JsonObject[] = all.slice(after, after + limit);
  const rest = after + limit < all.length;
  const next = new URLSearchParams(query);
  next.set("after", String(after + limit));
  next.set("limit", String(limit));
  return {
    status: 200,
    body: { resources: page, generated_at: now.toISOString(), pagination: { next_uri: rest ? `${PATH}?${next.toString()}` : null } },
  };
}
