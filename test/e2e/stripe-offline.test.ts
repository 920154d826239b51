// Stripe offline: the v1 API a handler calls back, answered by a spawned `wh-sim listen`, driven by
// stripe-node 23 as an app would; every object checked against stripe-node's own types.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkShape, loadStripeShapes, loadStripeTypes, type Shape, type StripeShapes } from "../../scripts/lib/stripe-shapes.mjs";
import { stripe as provider } from "../../src/providers/stripe/index.js";
import { runCli } from "../helpers/cli.js";
import { startListenCli } from "../helpers/listen-cli.js";
import { startTargetServer } from "../helpers/target-server.js";

const home = mkdtempSync(join(tmpdir(), "wh-sim-stripe-offline-"));
let listen: ReturnType<typeof startListenCli>;
let client: Stripe;
let shapes: StripeShapes;
/** The app: verifies with stripe-node, with the secret of the endpoint it registered (the built-in one before). */
let secret = provider.testSecret;
let app: Awaited<ReturnType<typeof startTargetServer>>;

const clientFor = (url: string) => {
  const { hostname, port } = new URL(url);
  return new Stripe("sk_test_wh_sim_offline", { host: hostname, port: Number(port), protocol: "http", maxNetworkRetries: 0 });
};
/** trigger straight to the app (not through the listener), as a test of an app would. */
async function sendToApp(...args: string[]): Promise<Stripe.Event> {
  const run = await runCli(["trigger", "stripe", ...args, "--url", app.url, "--json"], { env: { WH_SIM_HOME: home } });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(app.received.at(-1)!.rawBody.toString()) as Stripe.Event;
}
/** The objects the API answers that no event carries, by their `object`. */
const OTHER_TYPES: Record<string, string> = {
  webhook_endpoint: "Stripe.WebhookEndpoint",
  "financial_connections.transaction": "Stripe.FinancialConnections.Transaction",
  "financial_connections.account_owner": "Stripe.FinancialConnections.AccountOwner",
};
let others: Map<string, Shape>;
/** The object descriptor of stripe-node's type for an `object` value. */
const typeOf = (object: string) =>
  (OTHER_TYPES[object] ? others.get(OTHER_TYPES[object]) : undefined) ??
  [...shapes.events.values()].find(
    (e) => e.objectName && (e.object as { props?: Map<string, { type: { value?: string } }> }).props?.get("object")?.type.value === object,
  )?.object;
const problems = (value: { object: string }) => {
  const desc = typeOf(value.object);
  return desc ? checkShape(JSON.parse(JSON.stringify(value)), desc).map((p) => `${value.object} ${p.path} ${p.message}`) : [`no type for ${value.object}`];
};

beforeAll(async () => {
  shapes = loadStripeShapes("stripe");
  others = loadStripeTypes(Object.values(OTHER_TYPES));
  app = await startTargetServer(({ rawBody, headers }) => {
    try {
      return { status: 200, body: new Stripe("sk_test_x").webhooks.constructEvent(rawBody, String(headers["stripe-signature"]), secret).id };
    } catch (error) {
      return { status: 400, body: (error as Error).message };
    }
  });
  listen = startListenCli(["--json"], { WH_SIM_HOME: home });
  client = clientFor(await listen.ready);
}, 60_000);
afterAll(async () => {
  await listen.stop();
  await app.close();
});

describe("a Financial Connections handler's flow, offline", () => {
  it("retrieve the event's account → register an endpoint → refresh → a verified refreshed_balance → retrieve shows it", async () => {
    const event = await sendToApp("financial_connections.account.refreshed_balance");
    const sent = event.data.object as Stripe.FinancialConnections.Account;
    const account = await client.financialConnections.accounts.retrieve(sent.id);
    expect(JSON.parse(JSON.stringify(account))).toEqual(JSON.parse(JSON.stringify(sent)));
    expect(problems(account)).toEqual([]);
    expect(await client.events.retrieve(event.id)).toMatchObject({ id: event.id, type: event.type, data: { object: { id: sent.id } } });

    const endpoint = await client.webhookEndpoints.create({ url: app.url, enabled_events: ["financial_connections.account.refreshed_balance"] });
    expect(endpoint).toMatchObject({ object: "webhook_endpoint", secret: expect.stringMatching(/^whsec_/), url: app.url });
    expect(problems(endpoint as never)).toEqual([]);
    secret = endpoint.secret!;
    const before = app.received.length;
    const refreshing = await client.financialConnections.accounts.refresh(sent.id, { features: ["balance"] });
    expect(refreshing.balance_refresh).toMatchObject({ status: "pending" });
    const delivered = await app.answered(before);
    const refreshed = JSON.parse(delivered.rawBody.toString()) as Stripe.Event;
    expect(delivered.answer, "stripe-node verified it with the endpoint's own secret").toBe(refreshed.id);
    expect(refreshed).toMatchObject({
      type: "financial_connections.account.refreshed_balance",
      data: { object: { id: sent.id, balance_refresh: { status: "succeeded" } } },
    });
    await expect.poll(async () => (await client.financialConnections.accounts.retrieve(sent.id)).balance_refresh?.status).toBe("succeeded");
    const after = await client.financialConnections.accounts.retrieve(sent.id);
    expect(after.balance).toEqual((refreshed.data.object as Stripe.FinancialConnections.Account).balance);
    expect((await client.financialConnections.accounts.list({ limit: 100 })).data.map((a) => a.id)).toContain(sent.id);
    await client.webhookEndpoints.del(endpoint.id);
    secret = provider.testSecret;
  });

  it("transactions and owners after the refreshes that bring them; subscribe and disconnect", async () => {
    const event = await sendToApp("financial_connections.account.refreshed_transactions");
    const account = event.data.object as Stripe.FinancialConnections.Account;
    const listed = await client.financialConnections.transactions.list({ account: account.id });
    expect(listed.data).toHaveLength(10);
    for (const t of listed.data) expect(t).toMatchObject({ account: account.id, object: "financial_connections.transaction" });
    expect(listed.data.flatMap((t) => problems(t))).toEqual([]);
    const ownership = await sendToApp("financial_connections.account.refreshed_ownership");
    const owned = ownership.data.object as Stripe.FinancialConnections.Account;
    const owners = await client.financialConnections.accounts.listOwners(owned.id, { ownership: owned.ownership as string });
    expect(owners.data.length).toBeGreaterThan(0);
    expect(owners.data.flatMap((o) => problems(o))).toEqual([]);
    expect((await client.financialConnections.accounts.subscribe(account.id, { features: ["transactions"] })).subscriptions).toContain("transactions");
    expect((await client.financialConnections.accounts.disconnect(account.id)).status).toBe("disconnected");
  });
});

describe("where the events API calls cause go", () => {
  it("the same event, one id, to every registered endpoint (its own secret) and to the listener's --forward-to (the listener's)", async () => {
    const forwardedTo = await startTargetServer(({ rawBody, headers }) => {
      try {
        return { status: 200, body: new Stripe("sk_test_x").webhooks.constructEvent(rawBody, String(headers["stripe-signature"]), provider.testSecret).id };
      } catch (error) {
        return { status: 400, body: (error as Error).message };
      }
    });
    const forwarding = startListenCli(["--forward-to", forwardedTo.url], { WH_SIM_HOME: home });
    try {
      const api = clientFor(await forwarding.ready);
      const account = (await sendToApp("financial_connections.account.created")).data.object as Stripe.FinancialConnections.Account;
      const endpoint = await api.webhookEndpoints.create({ url: app.url, enabled_events: ["*"] });
      secret = endpoint.secret!;
      const [atEndpoint, atForward] = [app.answered(app.received.length), forwardedTo.answered(0)];
      await api.financialConnections.accounts.refresh(account.id, { features: ["ownership"] });
      const [a, b] = await Promise.all([atEndpoint, atForward]);
      const [ea, eb] = [a, b].map((r) => JSON.parse(r.rawBody.toString()) as Stripe.Event);
      expect(ea!.type).toBe("financial_connections.account.refreshed_ownership");
      expect(ea!.id).toBe(eb!.id);
      expect(a.answer).toBe(ea!.id);
      expect(b.answer).toBe(eb!.id);
      await api.webhookEndpoints.del(endpoint.id);
    } finally {
      secret = provider.testSecret;
      await forwarding.stop();
      await forwardedTo.close();
    }
  });
});

describe("Connect, events, every resource, errors, restarts", () => {
  it("the connected account, and its objects only with its Stripe-Account header", async () => {
    const acct = "acct_1QwErTyUiOpAsDfG";
    await sendToApp("account.updated", "--account", acct, "-o", `data.object.id=${acct}`);
    expect(await client.accounts.retrieve(acct)).toMatchObject({ id: acct, object: "account" });
    const customer = (await sendToApp("customer.created", "--account", acct)).data.object as Stripe.Customer;
    await expect(client.customers.retrieve(customer.id)).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
    expect(await client.customers.retrieve(customer.id, {}, { stripeAccount: acct })).toMatchObject({ id: customer.id });
  });

  it("retrieves the object of every kind of event sent, valid against stripe-node's types, with expand", async () => {
    const events = [
      "customer.created",
      "invoice.paid",
      "payment_intent.succeeded",
      "product.created",
      "price.created",
      "customer.subscription.created",
      "refund.created",
      "payout.paid",
    ];
    const found: string[] = [];
    for (const type of events) {
      const object = (await sendToApp(type)).data.object as { id: string; object: string };
      const got = await client.rawRequest("GET", pathOf(object), {});
      expect(JSON.parse(JSON.stringify(got))).toMatchObject({ id: object.id });
      found.push(...problems(got as never));
    }
    expect(found).toEqual([]);
    const paid = (await sendToApp("invoice.paid")).data.object as Stripe.Invoice;
    const invoice = await client.invoices.retrieve(paid.id!, { expand: ["customer"] });
    expect(invoice.customer).toMatchObject({ id: paid.customer, object: "customer" });
    const mentioned = await client.customers.retrieve(String(paid.customer));
    expect(mentioned).toMatchObject({ id: paid.customer, object: "customer" });
    expect(problems(mentioned as never)).toEqual([]);
  });

  it("lists events newest first, by type; retrieves each as sent", async () => {
    const a = await sendToApp("product.updated");
    const b = await sendToApp("product.updated");
    const listed = await client.events.list({ type: "product.updated", limit: 2 });
    expect(listed.data.map((e) => e.id)).toEqual([b.id, a.id]);
    expect(JSON.parse(JSON.stringify(await client.events.retrieve(a.id)))).toEqual(JSON.parse(JSON.stringify(a)));
  });

  it("lists the objects the events left: newest first, paged, by a field, in the caller's context; a filter it cannot apply is refused", async () => {
    const run = `${Date.now()}`;
    const sent: Stripe.Customer[] = [];
    for (const n of [1, 2, 3])
      sent.push((await sendToApp("customer.created", "-o", `data.object.email=list-${run}-${n}@example.test`)).data.object as Stripe.Customer);
    const all = await client.customers.list({ limit: 2 }).autoPagingToArray({ limit: 1000 });
    const ours = all.filter((c) => sent.some((s) => s.id === c.id)).map((c) => c.id);
    expect(ours).toEqual(sent.map((c) => c.id).reverse());
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(all.flatMap((c) => problems(c as never))).toEqual([]);
    const page = await client.customers.list({ limit: 1, starting_after: sent[2]!.id });
    expect(page.data.map((c) => c.id)).toEqual([sent[1]!.id]);
    expect((await client.customers.list({ limit: 1, ending_before: sent[1]!.id })).data.map((c) => c.id)).toEqual([sent[2]!.id]);
    expect((await client.customers.list({ email: `list-${run}-2@example.test` })).data.map((c) => c.id)).toEqual([sent[1]!.id]);
    // Another account's customers only with its Stripe-Account header.
    const acct = "acct_1ListsAcctXyZ0";
    const theirs = (await sendToApp("customer.created", "--account", acct)).data.object as Stripe.Customer;
    expect((await client.customers.list({ limit: 100 })).data.map((c) => c.id)).not.toContain(theirs.id);
    expect((await client.customers.list({ limit: 100 }, { stripeAccount: acct })).data.map((c) => c.id)).toEqual([theirs.id]);
    const paid = (await sendToApp("invoice.paid")).data.object as Stripe.Invoice;
    expect((await client.invoices.list({ customer: String(paid.customer) })).data.map((i) => i.id)).toContain(paid.id);
    // A filter is known by the type, not by what has been sent: an account with no customer yet lists none.
    expect((await client.customers.list({ email: "nobody@example.test" }, { stripeAccount: "acct_1NoCustomerYet0" })).data).toEqual([]);
    // A field the objects have filters (test_clock: none of these is on a clock); one they lack is refused.
    expect((await client.customers.list({ test_clock: "clock_x" })).data).toEqual([]);
    await expect(client.customers.list({ price: "price_x" } as Stripe.CustomerListParams)).rejects.toMatchObject({ statusCode: 400, param: "price" });
    await expect(client.customers.list({ expand: ["data.default_source"] })).rejects.toMatchObject({ statusCode: 400, param: "expand" });
  });

  it("answers as Stripe does: 404 resource_missing, 400 for a bad parameter, 401 without a test key, 404 for what it does not answer", async () => {
    await expect(client.customers.retrieve("cus_nobodyKnowsMe")).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      type: "StripeInvalidRequestError",
    });
    await expect(client.webhookEndpoints.create({ url: "not a url", enabled_events: ["*"] })).rejects.toMatchObject({ statusCode: 400, param: "url" });
    await expect(
      new Stripe("sk_live_x", {
        host: new URL(await listen.ready).hostname,
        port: Number(new URL(await listen.ready).port),
        protocol: "http",
      }).customers.list(),
    ).rejects.toMatchObject({ statusCode: 401 });
    // The key as curl's user name (`curl -u sk_test_…:`), as Stripe's own examples call the API.
    const base = new URL(await listen.ready).origin;
    const basic = (key: string) => fetch(`${base}/v1/events?limit=1`, { headers: { authorization: `Basic ${btoa(`${key}:`)}` } });
    const byCurl = await basic("sk_test_curl");
    expect(byCurl.status).toBe(200);
    expect(await byCurl.json()).toMatchObject({ object: "list", url: "/v1/events" });
    const live = await basic("sk_live_curl1234");
    expect(live.status).toBe(401);
    expect(((await live.json()) as { error: { message: string } }).error.message).toContain("Invalid API Key provided: sk_live_****1234");
    await expect(client.issuing.cards.list()).rejects.toMatchObject({
      statusCode: 404,
      message: expect.stringContaining("Unrecognized request URL (GET: /v1/issuing/cards)"),
    });
    await listen.waitForLine((l) => l.includes("/v1/issuing/cards"));
    // Every call was an API call (the other lines are the deliveries a refresh sent): none was taken for a webhook.
    const lines = listen.lines().map((l) => JSON.parse(l) as { kind?: string });
    expect(lines.filter((l) => l.kind === "api").length).toBeGreaterThan(20);
    expect(lines.filter((l) => l.kind === "webhook")).toEqual([]);
  });

  it("a restarted listener answers the same for the ids it sent", async () => {
    const event = await sendToApp("customer.created");
    const again = startListenCli([], { WH_SIM_HOME: home });
    try {
      const restarted = clientFor(await again.ready);
      expect(JSON.parse(JSON.stringify(await restarted.customers.retrieve((event.data.object as Stripe.Customer).id)))).toEqual(
        JSON.parse(JSON.stringify(event.data.object)),
      );
      expect((await restarted.events.retrieve(event.id)).id).toBe(event.id);
    } finally {
      await again.stop();
    }
  });
});

/** Where stripe-node's resource for an object retrieves it. */
function pathOf(object: { id: string; object: string }): string {
  const plural = object.object === "subscription" ? "subscriptions" : `${object.object.replaceAll(".", "/")}s`;
  return `/v1/${plural}/${object.id}`;
}
