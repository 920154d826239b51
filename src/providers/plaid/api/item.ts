import { ALPHANUMERIC } from "../../../lib/crypto.js";
import { createRandom } from "../../../lib/random.js";
import { isoDate } from "../../api-kit/index.js";
import type { JsonObject, Random, WorldView } from "../../types.js";

/** A Sandbox Item as wh-sim keeps it: what Plaid's Sandbox would hold for it. */
export interface PlaidItem {
  readonly item_id: string;
  readonly access_token: string;
  readonly public_token: string;
  readonly institution_id: string;
  readonly institution_name: string;
  readonly products: string[];
  webhook: string | null;
  readonly created_at: string;
  /** `ITEM_LOGIN_REQUIRED` after /sandbox/item/reset_login or an ITEM: ERROR webhook; null when healthy. */
  error: PlaidErrorFields | null;
  /**
   * The transactions, oldest first, as `/transactions/sync` pages through them: generated ones
   * (made from the item's seed and their number) and ones created through the Sandbox.
   */
  log: LogEntry[];
  removed?: boolean;
}

export type LogEntry = { readonly n: number; readonly date: string } | { readonly created: JsonObject; readonly id: string; readonly date: string };

export interface PlaidErrorFields {
  readonly error_type: string;
  readonly error_code: string;
  readonly error_message: string;
  readonly display_message: string | null;
}

const ITEM = "plaid-item";
const TOKEN = "plaid-token";

/** How many transactions a new Item has (about a month of them). */
const HISTORY = 14;

/** Plaid's ids: 37 (items, accounts, transactions) letters and digits. */
export const plaidId = (random: Random, length = 37) => random.chars(length, ALPHANUMERIC);

function uuid(random: Random): string {
  const hex = random.bytes(16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function createItem(
  world: WorldView,
  random: Random,
  now: Date,
  given: { institution_id: string; institution_name: string; products: string[]; webhook: string | null },
): PlaidItem {
  const access_token = `access-sandbox-${uuid(random)}`;
  const public_token = `public-sandbox-${uuid(random)}`;
  const item_id = plaidId(random);
  const today = now.getTime();
  const log: LogEntry[] = Array.from({ length: HISTORY }, (_, n) => ({ n, date: isoDate(today - (HISTORY - n) * 2 * 86_400_000) }));
  const item: PlaidItem = { item_id, access_token, public_token, ...given, created_at: now.toISOString(), error: null, log };
  saveItem(world, item);
  world.put(TOKEN, access_token, { item_id });
  world.put(TOKEN, public_token, { item_id });
  return item;
}

/** The Item a token (access or public) belongs to, if wh-sim issued it. */
export function itemByToken(world: WorldView, token: string): PlaidItem | undefined {
  const link = /^(access|public)-sandbox-[0-9a-f-]{36}$/.test(token) ? world.get<{ item_id: string }>(TOKEN, token) : undefined;
  return link ? itemById(world, link.item_id) : undefined;
}

export function itemById(world: WorldView, itemId: string): PlaidItem | undefined {
  return /^[A-Za-z0-9]{20,40}$/.test(itemId) ? world.get<PlaidItem>(ITEM, itemId) : undefined;
}

/** How many Sandbox Items the world keeps at most (removed ones count until their files are cleared). */
export const MAX_ITEMS = 1000;

export const itemCount = (world: WorldView): number => world.list(ITEM).length;

export function saveItem(world: WorldView, item: PlaidItem): void {
  world.put(ITEM, item.item_id, item);
}

/** The same randomness every time for the same Item and purpose: its accounts, its n-th transaction. */
export const seeded = (item: PlaidItem, purpose: string) => createRandom(`${item.item_id}:${purpose}`);

export { isoDate };
