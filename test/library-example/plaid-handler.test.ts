// test/library-example/plaid-handler.test.ts: the handler's whole flow, offline: wh-sim answers
// Plaid's API and key endpoint, and sends the webhook its Sandbox call causes, signed as Plaid signs.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Configuration, PlaidApi, Products } from "plaid";
import { afterAll, beforeAll, expect, test } from "vitest";
import { listen, trigger, type Hook } from "wh-sim";
import { handlePlaidWebhook, type Store } from "./plaid-handler.js";

let plaid: Hook;
let client: PlaidApi;
let app: Server;
let webhook: string;
const tokens = new Map<string, string>();
const store: Store = { accessToken: (itemId) => tokens.get(itemId), cursors: new Map(), transactions: new Map() };
let answered: (status: number) => void = () => undefined;
const nextAnswer = () => new Promise<number>((resolve) => (answered = resolve));

beforeAll(async () => {
  plaid = await listen(); // wh-sim's Plaid, offline: its API, its key endpoint, its webhooks
  client = new PlaidApi(new Configuration({ basePath: plaid.url, baseOptions: { headers: { "PLAID-CLIENT-ID": "test", "PLAID-SECRET": "test" } } }));
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const status = await handlePlaidWebhook(client, store, Buffer.concat(chunks), req.headers["plaid-verification"] as string | undefined);
      res.writeHead(status).end();
      answered(status);
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  webhook = `http://127.0.0.1:${(app.address() as AddressInfo).port}/plaid`;
});
afterAll(async () => {
  await plaid.close();
  await new Promise((resolve) => app.close(resolve));
});

test("new transactions reach the store: SYNC_UPDATES_AVAILABLE, verified, then /transactions/sync", async () => {
  const { data: created } = await client.sandboxPublicTokenCreate({
    institution_id: "ins_109508",
    initial_products: [Products.Transactions],
    options: { webhook },
  });
  const { data: item } = await client.itemPublicTokenExchange({ public_token: created.public_token });
  tokens.set(item.item_id, item.access_token);
  const today = new Date().toISOString().slice(0, 10);
  const status = nextAnswer();
  await client.sandboxTransactionsCreate({
    access_token: item.access_token,
    transactions: [{ amount: 42.5, date_posted: today, date_transacted: today, description: "Corner Coffee" }],
  });
  expect(await status).toBe(200);
  expect([...store.transactions.values()].map((t) => t.name)).toContain("Corner Coffee");
});

test("a webhook signed with a key that is not Plaid's is refused", async () => {
  const forged = await trigger("plaid", "TRANSACTIONS.SYNC_UPDATES_AVAILABLE", { url: webhook, chaos: { wrongSecret: true } });
  expect(forged.status).toBe(401);
});
