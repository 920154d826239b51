import { createRandom } from "../../../lib/random.js";
import { between, cents, isoDate } from "../../api-kit/index.js";
import type { JsonObject, WorldView } from "../../types.js";

/** A Bridge user: the uuid the events carry, or one `POST /v3/aggregation/users` made. */
export interface BridgeUser {
  readonly uuid: string;
  external_user_id: string | null;
  readonly created_at: string;
  item_ids: number[];
  deleted?: boolean;
}

/** An item (one bank connection) as the events left it. */
export interface BridgeItem {
  readonly id: number;
  readonly user_uuid: string;
  /** Bridge's status code (`0` ok, `402` login_failed, …), as the last `item.refreshed` carried it. */
  status: number;
  readonly provider_id: number;
  account_types: string;
  readonly created_at: string;
  last_successful_refresh: string | null;
  last_try_refresh: string | null;
  authentication_expires_at: string | null;
  account_ids: number[];
  /** How many refreshes the API has made (each one's new transactions are seeded by its number). */
  refreshes: number;
  deleted?: boolean;
}

/** One transaction of an account, oldest first: made from the account's seed and its number, updated or deleted since. */
export interface LogEntry {
  readonly n: number;
  readonly date: string;
  updated_at: string;
  deleted?: boolean;
}

export interface BridgeAccount {
  readonly id: number;
  readonly item_id: number;
  readonly name: string;
  readonly type: string;
  /** The balance the last event carried (or the seeded one). */
  balance: number;
  updated_at: string;
  log: LogEntry[];
  deleted?: boolean;
}

const USER = "bridge-user";
const ITEM = "bridge-item";
const ACCOUNT = "bridge-account";

/** How many transactions an account has when it is first seen (about two months of them). */
const HISTORY = 20;
/** At most this many transactions one event adds, updates or deletes. */
const MOST_PER_EVENT = 500;
const DAY = 86_400_000;

export const seeded = (id: number | string, purpose: string) => createRandom(`bridge:${id}:${purpose}`);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const userByUuid = (world: WorldView, uuid: string) => (UUID.test(uuid) ? world.get<BridgeUser>(USER, uuid) : undefined);
export const itemById = (world: WorldView, id: number) => (Number.isSafeInteger(id) && id > 0 ? world.get<BridgeItem>(ITEM, String(id)) : undefined);
export const accountById = (world: WorldView, id: number) => (Number.isSafeInteger(id) && id > 0 ? world.get<BridgeAccount>(ACCOUNT, String(id)) : undefined);
export const saveUser = (world: WorldView, user: BridgeUser) => world.put(USER, user.uuid, user);
export const saveItem = (world: WorldView, item: BridgeItem) => world.put(ITEM, String(item.id), item);
export const saveAccount = (world: WorldView, account: BridgeAccount) => world.put(ACCOUNT, String(account.id), account);

/** The user, made (and written) when it is new: most events name a user already known. */
export function ensureUser(world: WorldView, uuid: string, at: string): BridgeUser {
  const known = userByUuid(world, uuid);
  if (known) return known;
  const user: BridgeUser = { uuid, external_user_id: null, created_at: at, item_ids: [] };
  saveUser(world, user);
  return user;
}

export function ensureItem(world: WorldView, id: number, userUuid: string, at: string, withAccounts: boolean): BridgeItem {
  const known = itemById(world, id);
  if (known) return known;
  const item: BridgeItem = {
    id,
    user_uuid: userUuid,
    status: 0,
    provider_id: between(seeded(id, "provider"), 1, 600),
    account_types: "payment",
    created_at: at,
    last_successful_refresh: at,
    last_try_refresh: at,
    authentication_expires_at: new Date(Date.parse(at) + 180 * DAY).toISOString(),
    account_ids: [],
    refreshes: 0,
  };
  // An item first seen whole (created, refreshed) has its accounts; one first seen through an account event has that one.
  if (withAccounts) for (const kind of ["checking", "savings"]) ensureAccount(world, item, between(seeded(id, kind), 10_000_000, 99_999_999), at);
  const user = ensureUser(world, userUuid, at);
  if (!user.item_ids.includes(id)) user.item_ids.push(id);
  saveUser(world, user);
  saveItem(world, item);
  return item;
}

export function ensureAccount(world: WorldView, item: BridgeItem, id: number, at: string, balance?: number): BridgeAccount {
  const known = accountById(world, id);
  if (known) return known;
  const random = seeded(id, "account");
  const type = item.account_ids.length % 2 === 1 ? "savings" : "checking";
  const created = Date.parse(at);
  const account: BridgeAccount = {
    id,
    item_id: item.id,
    name: type === "checking" ? "Compte Courant" : "Livret A",
    type,
    balance: balance ?? cents(random, 150, 9000),
    updated_at: at,
    log: Array.from({ length: HISTORY }, (_, n) => ({ n, date: isoDate(created - (HISTORY - n) * 3 * DAY), updated_at: at })),
  };
  item.account_ids.push(id);
  saveItem(world, item);
  saveAccount(world, account);
  return account;
}

/** New transactions on an account, dated today, updated now. */
export function addTransactions(account: BridgeAccount, count: number, at: string): void {
  for (let i = 0; i < Math.min(count, MOST_PER_EVENT); i++) account.log.push({ n: account.log.length, date: at.slice(0, 10), updated_at: at });
}

/** What a Bridge webhook says, made true: the item's status, an account's balance, exactly its new, updated and deleted transactions. */
export function applyEvent(payload: JsonObject, world: WorldView, now: Date): void {
  const type = typeof payload.type === "string" ? payload.type : "";
  const content = (payload.content ?? {}) as JsonObject;
  const uuid = typeof content.user_uuid === "string" && UUID.test(content.user_uuid) ? content.user_uuid : undefined;
  const at = now.toISOString();
  if (type === "TEST_EVENT" || !uuid) return;
  if (type === "user.deleted") return saveUser(world, { ...ensureUser(world, uuid, at), deleted: true });
  ensureUser(world, uuid, at);
  const itemId = typeof content.item_id === "number" ? content.item_id : undefined;
  if (!itemId) return;
  const accountId = typeof content.account_id === "number" ? content.account_id : undefined;
  const item = ensureItem(world, itemId, uuid, at, accountId === undefined);
  if (type === "item.deleted") return saveItem(world, { ...item, deleted: true });
  if (type === "item.refreshed") {
    item.status = typeof content.status_code === "number" ? content.status_code : item.status;
    item.last_try_refresh = at;
    if (item.status === 0) item.last_successful_refresh = at;
    if (typeof content.account_types === "string") item.account_types = content.account_types;
    if (typeof content.authentication_expires_at === "string") item.authentication_expires_at = content.authentication_expires_at;
    return saveItem(world, item);
  }
  if (accountId === undefined) return;
  const balance = typeof content.balance === "number" ? content.balance : undefined;
  const account = ensureAccount(world, item, accountId, at, balance);
  if (balance !== undefined) account.balance = balance;
  account.updated_at = at;
  if (type === "item.account.deleted") account.deleted = true;
  if (type === "item.account.updated") {
    const count = (key: string) => (typeof content[key] === "number" ? Math.min(Math.max(0, content[key]), MOST_PER_EVENT) : 0);
    const live = account.log.filter((e) => !e.deleted);
    const updated = count("nb_updated_transactions");
    // The newest are the ones a bank revises; the oldest are the ones it drops.
    for (const e of updated ? live.slice(-updated) : []) e.updated_at = at;
    for (const e of live.slice(0, count("nb_deleted_transactions"))) Object.assign(e, { deleted: true, updated_at: at });
    addTransactions(account, count("nb_new_transactions"), at);
  }
  saveAccount(world, account);
}
