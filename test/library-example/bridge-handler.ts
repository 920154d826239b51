// test/library-example/bridge-handler.ts: a Bridge (bridgeapi.io) webhook handler. It checks
// BridgeApi-Signature as Bridge's own plugin does, then calls Bridge back with a user token: the
// item and its accounts after a refresh, and an account's new transactions since the last sync.
import { createHmac } from "node:crypto";

export interface BridgeConfig {
  baseUrl: string; // https://api.bridgeapi.io in production
  clientId: string;
  clientSecret: string;
  webhookSecret: string;
}

export interface Transaction {
  id: number;
  account_id: number;
  amount: number;
  updated_at: string;
  deleted: boolean;
}

export interface Books {
  items: Map<number, string>; // item id → status_code_info
  balances: Map<number, number>; // account id → balance
  transactions: Map<number, Transaction>;
  syncedUpTo: Map<number, string>; // account id → the newest updated_at seen
}

type Event = { type: string; content: { user_uuid: string; item_id: number; account_id?: number } };
type Page<T> = { resources: T[]; pagination: { next_uri: string | null } };

async function bridge<T>(config: BridgeConfig, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(`${config.baseUrl}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: {
      "Client-Id": config.clientId,
      "Client-Secret": config.clientSecret,
      "Bridge-Version": "2025-01-15",
      "Content-Type": "application/json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`Bridge ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Every page of a list, following `pagination.next_uri` until it is null. */
async function all<T>(config: BridgeConfig, path: string, token: string): Promise<T[]> {
  const out: T[] = [];
  for (let next: string | null = path; next;) {
    const page: Page<T> = await bridge<Page<T>>(config, next, token);
    out.push(...page.resources);
    next = page.pagination.next_uri;
  }
  return out;
}

async function sync(config: BridgeConfig, books: Books, token: string, accountId: number): Promise<void> {
  const since = books.syncedUpTo.get(accountId);
  const query = `account_id=${accountId}&limit=10${since ? `&since=${encodeURIComponent(since)}` : ""}`;
  for (const t of await all<Transaction>(config, `/v3/aggregation/transactions?${query}`, token)) {
    if (t.deleted) books.transactions.delete(t.id);
    else books.transactions.set(t.id, t);
    if (t.updated_at > (books.syncedUpTo.get(accountId) ?? "")) books.syncedUpTo.set(accountId, t.updated_at);
  }
}

/** Bridge's webhook, answered: 401 unless one v1 signature matches; items, balances and transactions kept up to date. */
export async function handleBridgeWebhook(config: BridgeConfig, books: Books, body: Buffer, signature: string | undefined): Promise<number> {
  const expected = createHmac("sha256", config.webhookSecret).update(body).digest("hex").toUpperCase();
  const signatures = (signature ?? "").split(",");
  if (!signatures.some((s) => s.startsWith("v1=") && s.slice(3) === expected)) return 401;
  const { type, content } = JSON.parse(body.toString("utf8")) as Event;
  if (type !== "item.refreshed" && type !== "item.account.updated") return 200;
  const { access_token } = await bridge<{ access_token: string }>(config, "/v3/aggregation/authorization/token", undefined, { user_uuid: content.user_uuid });
  if (type === "item.refreshed") {
    const item = await bridge<{ id: number; status_code_info: string }>(config, `/v3/aggregation/items/${content.item_id}`, access_token);
    books.items.set(item.id, item.status_code_info);
    for (const account of await all<{ id: number; balance: number }>(config, `/v3/aggregation/accounts?item_id=${item.id}`, access_token)) {
      books.balances.set(account.id, account.balance);
      await sync(config, books, access_token, account.id);
    }
  } else {
    const account = await bridge<{ id: number; balance: number }>(config, `/v3/aggregation/accounts/${content.account_id}`, access_token);
    books.balances.set(account.id, account.balance);
    await sync(config, books, access_token, account.id);
  }
  return 200;
}
