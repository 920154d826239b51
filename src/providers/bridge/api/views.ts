import { between, cents, pick } from "../../api-kit/index.js";
import type { ApiAnswer, JsonObject } from "../../types.js";
import { seeded, type BridgeAccount, type BridgeItem, type LogEntry } from "./state.js";

/** Bridge's item status codes, with the `status_code_info` and description its reference gives each. */
const STATUSES: Record<number, readonly [info: string, description: string]> = {
  0: ["ok", "Everything is awesome."],
  [-2]: ["just_added", "The account was recently added. The account refresh is pending."],
  [-3]: ["just_edited", "The account's credentials were recently changed. The account refresh is pending."],
  402: ["login_failed", "Wrong credentials."],
  429: ["needs_human_action", "An action from the user is required within the online banking of the user."],
  430: ["needs_password_rotation", "The User needs to log onto his bank's website to change his password."],
  1003: ["could_not_refresh", "Couldn't refresh. Try again."],
  1005: ["not_supported", "Account not supported."],
  1007: ["disabled_temporarily", "Refresh temporarily disabled."],
  1009: ["incomplete", "Account balance has changed but no new transactions were found."],
  1010: ["needs_manual_refresh", "Item wasn't refreshed successfully, it required an MFA / OTP that wasn't provided."],
  1099: ["migration", "Item is migrating to another bank."],
  1100: ["pro_account_locked", "Pro accounts have been detected on this Item and it needs validation."],
};
export const statusInfo = (code: number) => STATUSES[code]?.[0] ?? "unknown";

/** Bridge's error shape: a machine-readable `type`, a human `message`, an optional documentation link. */
export const bridgeError = (status: number, type: string, message: string): ApiAnswer => ({
  status,
  error: type,
  body: { type, message, documentation_url: null },
});

export function itemView(item: BridgeItem): JsonObject {
  const [info, description] = STATUSES[item.status] ?? ["unknown", "Unknown status."];
  return {
    id: item.id,
    status: item.status,
    status_code_info: info,
    status_code_description: description,
    provider_id: item.provider_id,
    account_types: item.account_types,
    last_successful_refresh: item.last_successful_refresh,
    last_try_refresh: item.last_try_refresh,
    created_at: item.created_at,
    authentication_expires_at: item.authentication_expires_at,
  };
}

export function accountView(account: BridgeAccount, item: BridgeItem): JsonObject {
  const random = seeded(account.id, "iban");
  return {
    id: account.id,
    name: account.name,
    balance: account.balance,
    accounting_balance: account.balance,
    instant_balance: account.balance,
    updated_at: account.updated_at,
    last_refresh_status: item.status === 0 ? "successful" : "failed",
    type: account.type,
    currency_code: "EUR",
    item_id: item.id,
    provider_id: item.provider_id,
    data_access: "enabled",
    pro: false,
    iban: `FR76${random.chars(23, "0123456789")}`,
  };
}

const SPENDING = [
  ["CB Monop Paris", "PAIEMENT PAR CARTE MONOP PARIS", 273],
  ["CB Sncf Connect", "PAIEMENT PAR CARTE SNCF CONNECT", 197],
  ["CB Boulangerie Paul", "PAIEMENT PAR CARTE PAUL", 274],
  ["Prlv Edf", "PRLV SEPA EDF CLIENTS PARTICULIERS", 217],
  ["CB Amazon", "PAIEMENT PAR CARTE AMAZON EU SARL", 186],
] as const;
/** Transaction ids: the account's id, then the transaction's number (stable, unique, and as long as Bridge's). */
const transactionId = (account: BridgeAccount, n: number) => account.id * 100_000 + n;

/** A transaction made from its account's seed and its number: every seventh a salary, the rest spending. */
export function transactionView(account: BridgeAccount, entry: LogEntry): JsonObject {
  const random = seeded(account.id, `transaction:${entry.n}`);
  const salary = entry.n % 7 === 3 && account.type === "checking";
  const [clean, raw, category] = salary ? (["Vir Salaire", "VIR SEPA SALAIRE ACME SAS", 230] as const) : pick(random, SPENDING);
  return {
    id: transactionId(account, entry.n),
    clean_description: clean,
    provider_description: `${raw} ${entry.date.slice(8, 10)}/${entry.date.slice(5, 7)}`,
    amount: salary ? cents(random, 1800, 3200) : -cents(random, 3, 140),
    date: entry.date,
    booking_date: entry.date,
    transaction_date: entry.date,
    value_date: entry.date,
    updated_at: entry.updated_at,
    currency_code: "EUR",
    deleted: entry.deleted === true,
    category_id: category,
    operation_type: salary ? "transfer" : category === 217 ? "direct_debit" : "card",
    account_id: account.id,
    future: false,
  };
}

/** How many transactions a refresh the API makes brings to an account. */
export const newOnRefresh = (account: BridgeAccount, refresh: number) => between(seeded(account.id, `refresh:${refresh}`), 1, 4);
