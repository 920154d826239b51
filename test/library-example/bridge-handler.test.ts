// test/library-example/bridge-handler.test.ts: the handler's whole flow, offline: wh-sim answers
// Bridge's API as the events it sent left it, and a refresh sends the webhooks Bridge would.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { listen, trigger, type Hook } from "wh-sim";
import { handleBridgeWebhook, type BridgeConfig, type Books } from "./bridge-handler.js";

let bridge: Hook;
let config: BridgeConfig;
let app: Server;
let url: string;
const books: Books = { items: new Map(), balances: new Map(), transactions: new Map(), syncedUpTo: new Map() };
const events: { type: string; content: { nb_new_transactions?: number } }[] = [];
const content = { item_id: 4568565, user_uuid: "766b2f5d-a942-492c-9ea7-2e5aa88cb672" };

beforeAll(async () => {
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const status = await handleBridgeWebhook(config, books, body, req.headers["bridgeapi-signature"] as string | undefined);
      res.writeHead(status).end();
      if (status === 200) events.push(JSON.parse(body.toString()));
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/bridge`;
  // Bridge's webhooks are set in its dashboard: here, the webhooks a refresh causes go to --forward-to.
  bridge = await listen({ forwardTo: url });
  const webhookSecret = bridge.secrets.find((s) => s.provider === "bridge")!.shown;
  config = { baseUrl: bridge.url, clientId: "client", clientSecret: "secret", webhookSecret };
});
afterAll(async () => {
  await bridge.close();
  await new Promise((resolve) => app.close(resolve));
});

test("item.refreshed: the item, its accounts and every page of their transactions", async () => {
  await trigger("bridge", "item.refreshed", { url, data: { content } });
  expect(books.items.get(content.item_id)).toBe("ok");
  expect(books.balances.size).toBe(2);
  expect(books.transactions.size).toBe(40); // two accounts, 20 each, fetched 10 a page
});

test("item.account.updated: exactly nb_new_transactions new ones since the last sync, and the event's balance", async () => {
  const [account] = [...books.balances.keys()];
  const before = books.transactions.size;
  const update = { ...content, account_id: account!, balance: 1234.56, nb_new_transactions: 7 };
  await trigger("bridge", "item.account.updated", { url, data: { content: update } });
  expect(books.transactions.size - before).toBe(7);
  expect(books.balances.get(account!)).toBe(1234.56);
});

test("a refresh sends item.refreshed and item.account.updated: the handler gets exactly the new transactions", async () => {
  const headers = { "Client-Id": "client", "Client-Secret": "secret", "Bridge-Version": "2025-01-15", "Content-Type": "application/json" };
  const token = await fetch(`${bridge.url}/v3/aggregation/authorization/token`, {
    method: "POST",
    headers,
    body: JSON.stringify({ user_uuid: content.user_uuid }),
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const before = books.transactions.size;
  const seen = events.length;
  const refresh = await fetch(`${bridge.url}/v3/aggregation/items/${content.item_id}/refresh`, {
    method: "POST",
    headers: { ...headers, Authorization: `Bearer ${access_token}` },
  });
  expect(refresh.status).toBe(202);
  await expect.poll(() => events.length - seen).toBe(3);
  const added = events.slice(seen).reduce((sum, e) => sum + (e.content.nb_new_transactions ?? 0), 0);
  expect(added).toBeGreaterThan(0);
  expect(books.transactions.size - before).toBe(added);
});

test("a webhook signed with another secret is refused", async () => {
  const forged = await trigger("bridge", "item.refreshed", { url, chaos: { wrongSecret: true } });
  expect(forged.status).toBe(401);
});
