// test/library-example/plaid-handler.ts: a Plaid webhook handler. It verifies each webhook as
// Plaid's docs say (the key from Plaid's API, ES256, at most 5 minutes old, the body's SHA-256),
// then does its real work: it calls Plaid back for the Item's new transactions.
import { createHash, timingSafeEqual } from "node:crypto";
import { decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import type { PlaidApi, Transaction } from "plaid";

export interface Store {
  accessToken(itemId: string): string | undefined;
  cursors: Map<string, string>;
  transactions: Map<string, Transaction>;
}

/** Plaid's webhook, answered: 401 unless Plaid signed it; new transactions synced into the store. */
export async function handlePlaidWebhook(client: PlaidApi, store: Store, body: Buffer, verification: string | undefined): Promise<number> {
  if (!verification || !(await signedByPlaid(client, body, verification))) return 401;
  const event = JSON.parse(body.toString("utf8")) as { webhook_type: string; webhook_code: string; item_id: string };
  if (event.webhook_type === "TRANSACTIONS" && event.webhook_code === "SYNC_UPDATES_AVAILABLE") await sync(client, store, event.item_id);
  return 200;
}

async function signedByPlaid(client: PlaidApi, body: Buffer, token: string): Promise<boolean> {
  try {
    const { alg, kid } = decodeProtectedHeader(token);
    if (alg !== "ES256" || !kid) return false;
    const { data } = await client.webhookVerificationKeyGet({ key_id: kid });
    if (data.key.expired_at !== null) return false;
    const { payload } = await jwtVerify(token, await importJWK(data.key as never, "ES256"), { algorithms: ["ES256"], maxTokenAge: "5 min" });
    const actual = Buffer.from(createHash("sha256").update(body).digest("hex"));
    const claimed = Buffer.from(String(payload.request_body_sha256));
    return actual.length === claimed.length && timingSafeEqual(actual, claimed);
  } catch {
    return false;
  }
}

/** Every page since the Item's last cursor: added and modified kept, removed dropped. */
async function sync(client: PlaidApi, store: Store, itemId: string): Promise<void> {
  const access_token = store.accessToken(itemId);
  if (!access_token) return;
  let cursor = store.cursors.get(itemId);
  for (let more = true; more;) {
    const { data } = await client.transactionsSync({ access_token, ...(cursor ? { cursor } : {}) });
    for (const t of [...data.added, ...data.modified]) store.transactions.set(t.transaction_id, t);
    for (const r of data.removed) store.transactions.delete(r.transaction_id);
    cursor = data.next_cursor;
    more = data.has_more;
  }
  store.cursors.set(itemId, cursor!);
}
