// test/library-example/stripe-fc-handler.test.ts: the handler's whole flow, offline: wh-sim sends
// the events, answers stripe-node's calls back, and a refresh it is asked for sends its event.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, expect, test } from "vitest";
import { listen, trigger, type Hook } from "wh-sim";
import { handleStripeWebhook, type Ledger } from "./stripe-fc-handler.js";

let api: Hook;
let stripe: Stripe;
let app: Server;
let url: string;
let secret = "whsec_whsimLocalTestSecretDoNotUse2026"; // wh-sim's built-in test secret (wh-sim secret stripe)
const ledger: Ledger = { balances: new Map(), transactions: new Map() };
let answered: (status: number) => void = () => undefined;
const nextAnswer = () => new Promise<number>((resolve) => (answered = resolve));

beforeAll(async () => {
  api = await listen(); // wh-sim's Stripe API, offline
  const { hostname, port } = new URL(api.url);
  stripe = new Stripe("sk_test_offline", { host: hostname, port: Number(port), protocol: "http" });
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const status = await handleStripeWebhook(stripe, secret, ledger, Buffer.concat(chunks), req.headers["stripe-signature"] as string | undefined);
      res.writeHead(status).end();
      answered(status);
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/stripe`;
});
afterAll(async () => {
  await api.close();
  await new Promise((resolve) => app.close(resolve));
});

test("a balance refresh: the event, then the account retrieved as Stripe has it", async () => {
  const sent = await trigger("stripe", "financial_connections.account.refreshed_balance", { url });
  expect(sent.status).toBe(200);
  const account = JSON.parse(sent.body).data.object as Stripe.FinancialConnections.Account;
  expect(ledger.balances.get(account.id)).toBe(account.balance!.current.usd);
});

test("transactions after a transactions refresh", async () => {
  const sent = await trigger("stripe", "financial_connections.account.refreshed_transactions", { url });
  expect(sent.status).toBe(200);
  const accountId = JSON.parse(sent.body).data.object.id as string;
  expect([...ledger.transactions.values()].filter((t) => t.account === accountId)).toHaveLength(10);
});

test("a refresh the app asks for: its event reaches the endpoint it registered, signed with that endpoint's secret", async () => {
  const sent = await trigger("stripe", "financial_connections.account.created", { url });
  const accountId = JSON.parse(sent.body).data.object.id as string;
  const endpoint = await stripe.webhookEndpoints.create({ url, enabled_events: ["financial_connections.account.refreshed_balance"] });
  secret = endpoint.secret!;
  const status = nextAnswer();
  await stripe.financialConnections.accounts.refresh(accountId, { features: ["balance"] });
  expect(await status).toBe(200);
  expect(ledger.balances.get(accountId)).toBe((await stripe.financialConnections.accounts.retrieve(accountId)).balance!.current.usd);
});
