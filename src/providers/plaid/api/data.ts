import type { Json, JsonObject } from "../../../lib/json.js";
import { cents } from "../../api-kit/index.js";
import type { ApiContext } from "../../types.js";
import { plaidId, seeded, type LogEntry, type PlaidItem } from "./item.js";

// An Item's data, made from the spec's own example answers (the templates) and the Item's seed:
// the same Item always has the same accounts and transactions, every endpoint names the same
// account ids, and an account's transactions name that account.

/** The templates whose accounts, together, are an Item's accounts (one per type and subtype). */
const ACCOUNT_SOURCES = ["accounts.get", "auth.get", "identity.get", "investments.holdings.get", "liabilities.get"];

type Account = JsonObject & { account_id: string; type: string; subtype: string | null };

const kindOf = (a: { type: string; subtype: string | null }) => `${a.type}/${a.subtype ?? ""}`;

/** The Item's accounts, each with its own id, mask and balances. */
export function itemAccounts(item: PlaidItem, ctx: ApiContext): Account[] {
  const byKind = new Map<string, Account>();
  for (const name of ACCOUNT_SOURCES) {
    for (const a of (ctx.template(name).accounts as Account[] | undefined) ?? []) if (!byKind.has(kindOf(a))) byKind.set(kindOf(a), a);
  }
  return [...byKind.values()].map((template) => {
    const random = seeded(item, `account:${kindOf(template)}`);
    const balances = template.balances as JsonObject;
    const current = cents(random, 0, template.type === "loan" || template.type === "credit" ? 40_000 : 12_000) + 25;
    const { owners: _owners, ...base } = template;
    return {
      ...base,
      account_id: plaidId(random),
      mask: String(1000 + (random.bytes(2).readUInt16BE() % 9000)),
      balances: {
        ...balances,
        current,
        available: balances.available === null ? null : template.type === "depository" ? Math.round((current - cents(random, 0, 100)) * 100) / 100 : current,
      },
    } as Account;
  });
}

/** The account transactions are posted to: the Item's first depository account. */
export function transactionAccount(accounts: readonly Account[]): Account {
  return accounts.find((a) => a.type === "depository") ?? accounts[0]!;
}

/**
 * A template answer made the Item's: its account ids become the Item's accounts of the same type
 * and subtype (each account object the Item's own, with the template's extra fields such as
 * `owners`), its item id the Item's.
 */
export function asItems(template: JsonObject, item: PlaidItem, accounts: readonly Account[]): JsonObject {
  const templateAccounts = (template.accounts as Account[] | undefined) ?? [];
  const ids = new Map<string, Account>();
  for (const a of templateAccounts) {
    const mine = accounts.find((x) => kindOf(x) === kindOf(a)) ?? transactionAccount(accounts);
    ids.set(a.account_id, mine);
  }
  const itemIds = new Set<string>();
  const item_ = template.item as JsonObject | undefined;
  if (typeof item_?.item_id === "string") itemIds.add(item_.item_id);
  const walk = (value: Json): Json => {
    if (typeof value === "string") return ids.get(value)?.account_id ?? (itemIds.has(value) ? item.item_id : value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  const out = walk(template) as JsonObject;
  if (Array.isArray(out.accounts)) {
    // The Item's own account, keeping what the template's has beyond it (owners, an investment account's margin_loan_amount).
    out.accounts = (out.accounts as Account[]).map((a) => {
      const mine = accounts.find((x) => x.account_id === a.account_id);
      return mine ? { ...a, ...mine, balances: { ...(a.balances as JsonObject), ...(mine.balances as JsonObject) } } : a;
    });
  }
  return out;
}

/** Places to spend at, for generated transactions: name on the statement, merchant, category. */
const MERCHANTS: readonly [string, string, string, string][] = [
  ["PURCHASE WM SUPERCENTER #1700", "Walmart", "GENERAL_MERCHANDISE", "GENERAL_MERCHANDISE_SUPERSTORES"],
  ["STARBUCKS STORE 09284", "Starbucks", "FOOD_AND_DRINK", "FOOD_AND_DRINK_COFFEE"],
  ["UBER 063015 SF**POOL**", "Uber", "TRANSPORTATION", "TRANSPORTATION_TAXIS_AND_RIDE_SHARES"],
  ["AMAZON MKTPL*2K4LT3", "Amazon", "GENERAL_MERCHANDISE", "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES"],
  ["SHELL OIL 57444282", "Shell", "TRANSPORTATION", "TRANSPORTATION_GAS"],
  ["WHOLEFDS MKT 10451", "Whole Foods Market", "FOOD_AND_DRINK", "FOOD_AND_DRINK_GROCERIES"],
  ["SPOTIFY USA", "Spotify", "ENTERTAINMENT", "ENTERTAINMENT_MUSIC_AND_AUDIO"],
  ["CHEVRON 0091234", "Chevron", "TRANSPORTATION", "TRANSPORTATION_GAS"],
];

/** One entry of the Item's transaction log as Plaid's `Transaction`, made from the sync answer's example. */
export function transaction(entry: LogEntry, item: PlaidItem, account: Account, ctx: ApiContext): JsonObject {
  const template = (ctx.template("transactions.sync").added as JsonObject[])[0]!;
  const base: JsonObject = {
    ...template,
    account_id: account.account_id,
    date: entry.date,
    datetime: `${entry.date}T12:00:00Z`,
    authorized_date: entry.date,
    authorized_datetime: `${entry.date}T11:58:00Z`,
    pending: false,
    pending_transaction_id: null,
  };
  if ("created" in entry) {
    const c = entry.created;
    const name = String(c.description ?? "Sandbox transaction");
    return {
      ...base,
      transaction_id: entry.id,
      amount: Number(c.amount),
      iso_currency_code: typeof c.iso_currency_code === "string" ? c.iso_currency_code : "USD",
      date: String(c.date_posted),
      datetime: `${String(c.date_posted)}T12:00:00Z`,
      authorized_date: String(c.date_transacted),
      authorized_datetime: `${String(c.date_transacted)}T12:00:00Z`,
      name,
      merchant_name: null,
      merchant_entity_id: null,
      logo_url: null,
      website: null,
      counterparties: [],
      location: { address: null, city: null, region: null, postal_code: null, country: null, lat: null, lon: null, store_number: null },
      payment_channel: "other",
      personal_finance_category: { primary: "GENERAL_MERCHANDISE", detailed: "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE", confidence_level: "LOW" },
      personal_finance_category_icon_url: "https://plaid-category-icons.plaid.com/PFC_GENERAL_MERCHANDISE.png",
      transaction_type: "special",
    };
  }
  const random = seeded(item, `transaction:${entry.n}`);
  const [name, merchant, primary, detailed] = MERCHANTS[random.bytes(1)[0]! % MERCHANTS.length]!;
  const amount = cents(random, 4, 184);
  const counterparty = (template.counterparties as JsonObject[])[0]!;
  return {
    ...base,
    transaction_id: plaidId(random),
    amount,
    name,
    merchant_name: merchant,
    counterparties: [{ ...counterparty, name: merchant, website: `${merchant.toLowerCase().replace(/\W/g, "")}.com`, logo_url: null }],
    logo_url: null,
    website: `${merchant.toLowerCase().replace(/\W/g, "")}.com`,
    personal_finance_category: { primary, detailed, confidence_level: "VERY_HIGH" },
    personal_finance_category_icon_url: `https://plaid-category-icons.plaid.com/PFC_${primary}.png`,
  };
}
