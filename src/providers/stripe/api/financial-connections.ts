import { ALPHANUMERIC } from "../../../lib/crypto.js";
import { createRandom } from "../../../lib/random.js";
import type { ApiContext, JsonObject } from "../../types.js";

// Financial Connections as its API answers it: an account's owners and transactions (made from the
// account's id, the same every time), and what a refresh does to the account.

const seconds = (ctx: Pick<ApiContext, "now">) => Math.floor(ctx.now.getTime() / 1000);
const id = (random: { chars(n: number, a: string): string }, prefix: string) => `${prefix}_${random.chars(24, ALPHANUMERIC)}`;

/** The account after a refresh of `features` completed: each refreshed part succeeded now, with its data. */
export function refreshed(account: JsonObject, features: readonly string[], ctx: ApiContext): JsonObject {
  const now = seconds(ctx);
  const random = createRandom(`${String(account.id)}:${now}`);
  const done = { last_attempted_at: now, next_refresh_available_at: now + 3600, status: "succeeded" };
  const out: JsonObject = { ...account };
  if (features.includes("balance")) {
    const amount = 50_000 + (random.bytes(4).readUInt32BE() % 900_000);
    out.balance = { as_of: now, cash: { available: { usd: amount - (random.bytes(2).readUInt16BE() % 5000) } }, current: { usd: amount }, type: "cash" };
    out.balance_refresh = done;
  }
  if (features.includes("ownership")) {
    out.ownership = id(random, "fcaowns");
    out.ownership_refresh = { last_attempted_at: now, next_refresh_available_at: now + 3600, status: "succeeded" };
  }
  if (features.includes("transactions")) out.transaction_refresh = { id: id(random, "fctxnref"), ...done };
  return out;
}

/** The account while a refresh of `features` is under way. */
export function pending(account: JsonObject, features: readonly string[], ctx: ApiContext): JsonObject {
  const now = seconds(ctx);
  const out: JsonObject = { ...account };
  const running = { last_attempted_at: now, next_refresh_available_at: null, status: "pending" };
  if (features.includes("balance")) out.balance_refresh = running;
  if (features.includes("ownership")) out.ownership_refresh = running;
  if (features.includes("transactions")) {
    const previous = account.transaction_refresh as JsonObject | null;
    out.transaction_refresh = { id: previous?.id ?? id(ctx.random, "fctxnref"), ...running };
  }
  return out;
}

/** The event a completed refresh of one feature sends. */
export const REFRESH_EVENTS: Record<string, string> = {
  balance: "financial_connections.account.refreshed_balance",
  ownership: "financial_connections.account.refreshed_ownership",
  transactions: "financial_connections.account.refreshed_transactions",
};

/** The account's transactions: ten a month, posted, the same for the same account. */
export function transactions(account: JsonObject): JsonObject[] {
  const random = createRandom(`${String(account.id)}:transactions`);
  const refresh = account.transaction_refresh as JsonObject | null;
  const created = Number(account.created);
  const words = ["Rocket Rides", "Corner Coffee", "Payroll deposit", "Grocery Mart", "Electric Utility", "Transfer to savings", "Book Nook", "Gas Station"];
  return Array.from({ length: 10 }, (_, i) => {
    const at = created + (i + 1) * 3 * 86_400;
    const credit = random.bytes(1)[0]! % 4 === 0;
    const amount = (1 + (random.bytes(2).readUInt16BE() % 20_000)) * (credit ? 1 : -1);
    return {
      id: `fctxn_${random.chars(24, ALPHANUMERIC)}`,
      object: "financial_connections.transaction",
      account: String(account.id),
      amount,
      currency: "usd",
      description: words[random.bytes(1)[0]! % words.length]!,
      livemode: false,
      status: "posted",
      status_transitions: { posted_at: at, void_at: null },
      transacted_at: at,
      transaction_refresh: String(refresh?.id ?? `fctxnref_${random.chars(24, ALPHANUMERIC)}`),
      updated: at,
    };
  }).reverse();
}

/** The account's owners, as its ownership refresh found them. */
export function owners(account: JsonObject, ownership: string): JsonObject[] {
  const random = createRandom(`${ownership}:owners`);
  const people: [string, string | null, string | null][] = [
    ["Jenny Rosen", "jenny.rosen@example.com", "+15555550100"],
    ["Rocket Rides LLC", null, null],
  ];
  return people.map(([name, email, phone]) => ({
    id: `fcaowner_${random.chars(24, ALPHANUMERIC)}`,
    object: "financial_connections.account_owner",
    email,
    name,
    ownership,
    phone,
    raw_address: "123 Main St, San Francisco, CA 94111",
    refreshed_at: Number((account.ownership_refresh as JsonObject | null)?.last_attempted_at ?? account.created),
  }));
}
