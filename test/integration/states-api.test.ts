// What an event says of its object holds in the offline API after it is sent, however it was sent:
// a scenario straight to the app is remembered as a trigger is; a Plaid Sandbox call moves the Item
// as the webhook it fires says; Truv's and Bridge's objects take the state their events name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, scenario, trigger, type Hook } from "../../src/index.js";
import { startTargetServer } from "../helpers/target-server.js";

let hook: Hook;
let app: Awaited<ReturnType<typeof startTargetServer>>;
beforeAll(async () => {
  hook = await listen();
  app = await startTargetServer();
});
afterAll(async () => {
  await hook.close();
  await app.close();
});

const plaid = (path: string, body: Record<string, unknown>) =>
  fetch(`${hook.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "plaid-client-id": "client", "plaid-secret": "secret" },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

async function plaidItem(): Promise<{ access_token: string; item_id: string }> {
  const { body: created } = await plaid("/sandbox/public_token/create", { institution_id: "ins_109508", initial_products: ["transactions"] });
  const { body } = await plaid("/item/public_token/exchange", { public_token: created.public_token });
  return body as { access_token: string; item_id: string };
}

async function syncedCount(access_token: string): Promise<number> {
  let cursor: string | undefined;
  let count = 0;
  for (;;) {
    const { body } = await plaid("/transactions/sync", { access_token, ...(cursor ? { cursor } : {}) });
    count += (body.added as unknown[]).length;
    cursor = body.next_cursor as string;
    if (!body.has_more) return count;
  }
}

describe("the offline API after events", () => {
  it("a scenario sent straight to the app is remembered: the handler's call-back finds the account in its last state", async () => {
    const reports = await scenario("stripe", "fc-account-lifecycle", { url: app.url });
    expect(reports.every((r) => r.ok)).toBe(true);
    const sent = JSON.parse(app.received.at(-1)!.rawBody.toString("utf8")) as { data: { object: { id: string } } };
    const answer = await fetch(`${hook.url}/v1/financial_connections/accounts/${sent.data.object.id}`, { headers: { authorization: "Bearer sk_test_x" } });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { status: string }).status).toBe("active");
  });

  it("failed-payment-recovery leaves the invoice paid and the payment intent succeeded, the same objects throughout", async () => {
    const reports = await scenario("stripe", "failed-payment-recovery", { url: app.url });
    expect(reports).toHaveLength(4);
    const objects = app.received.slice(-4).map((r) => (JSON.parse(r.rawBody.toString("utf8")) as { data: { object: Record<string, unknown> } }).data.object);
    const [invoice, intent, succeeded, paid] = objects as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    expect([invoice.status, paid.status, paid.id, paid.amount_paid]).toEqual(["open", "paid", invoice.id, invoice.amount_due]);
    expect([intent.status, succeeded.status, succeeded.id, intent.customer]).toEqual(["requires_payment_method", "succeeded", intent.id, invoice.customer]);
    const get = (path: string) =>
      fetch(`${hook.url}${path}`, { headers: { authorization: "Bearer sk_test_x" } }).then((r) => r.json() as Promise<Record<string, unknown>>);
    expect((await get(`/v1/invoices/${String(invoice.id)}`)).status).toBe("paid");
    expect((await get(`/v1/payment_intents/${String(intent.id)}`)).status).toBe("succeeded");
  });

  it("Plaid's /sandbox/item/fire_webhook SYNC_UPDATES_AVAILABLE adds the transactions it announces, as trigger's does", async () => {
    const item = await plaidItem();
    const before = await syncedCount(item.access_token);
    const fired = await plaid("/sandbox/item/fire_webhook", { access_token: item.access_token, webhook_code: "SYNC_UPDATES_AVAILABLE" });
    expect(fired.body.webhook_fired).toBe(true);
    const { body } = await plaid("/transactions/sync", { access_token: item.access_token });
    expect((body.added as unknown[]).length).toBe(before + 3);
  });

  it("Plaid's Item after ITEM: ERROR, then LOGIN_REPAIRED", async () => {
    const item = await plaidItem();
    const itemGet = async () => ((await plaid("/item/get", { access_token: item.access_token })).body.item as { error: { error_code: string } | null }).error;
    // Through the listener, whose world holds the Item it just made.
    await trigger("plaid", "ITEM.ERROR", { url: `${hook.url}/plaid`, overrides: { item_id: item.item_id } });
    expect((await itemGet())?.error_code).toBe("ITEM_LOGIN_REQUIRED");
    await trigger("plaid", "ITEM.LOGIN_REPAIRED", { url: `${hook.url}/plaid`, overrides: { item_id: item.item_id } });
    expect(await itemGet()).toBeNull();
  });

  it("Truv's order and link after the status events sent for them", async () => {
    const truv = (path: string) =>
      fetch(`${hook.url}${path}`, { headers: { "x-access-client-id": "client", "x-access-secret": "wh_sim_truv_test_access_secret" } }).then(
        (r) => r.json() as Promise<Record<string, unknown>>,
      );
    await trigger("truv", "order-status-updated@canceled", { url: app.url });
    const order = JSON.parse(app.received.at(-1)!.rawBody.toString("utf8")) as { order_id: string; employer_id: string };
    const employers = (await truv(`/v1/orders/${order.order_id}/`)).employers as { id: string; status: string }[];
    expect(employers.find((e) => e.id === order.employer_id)?.status).toBe("canceled");
    await trigger("truv", "task-status-updated@login_error", { url: app.url });
    const task = JSON.parse(app.received.at(-1)!.rawBody.toString("utf8")) as { link_id: string };
    expect((await truv(`/v1/links/${task.link_id}/`)).status).toBe("login_error");
  });

  it("Bridge's item after item.refreshed with an error status, then a good one", async () => {
    const failed = await trigger("bridge", "item.refreshed@login_failed", { url: app.url });
    const content = (JSON.parse(app.received.at(-1)!.rawBody.toString("utf8")) as { content: { item_id: number; user_uuid: string } }).content;
    expect(failed.ok).toBe(true);
    const item = async () => {
      const answer = await fetch(`${hook.url}/v3/aggregation/items/${content.item_id}`, {
        headers: { "client-id": "x", "client-secret": "y", "bridge-version": "2025-01-15", authorization: `Bearer ${await bridgeToken(content.user_uuid)}` },
      });
      return (await answer.json()) as { status: number; status_code_info: string };
    };
    expect(await item()).toMatchObject({ status: 402, status_code_info: "login_failed" });
    await trigger("bridge", "item.refreshed", { url: app.url, overrides: { "content.item_id": content.item_id, "content.user_uuid": content.user_uuid } });
    expect(await item()).toMatchObject({ status: 0, status_code_info: "ok" });
  });
});

async function bridgeToken(userUuid: string): Promise<string> {
  const answer = await fetch(`${hook.url}/v3/aggregation/authorization/token`, {
    method: "POST",
    headers: { "content-type": "application/json", "client-id": "x", "client-secret": "y", "bridge-version": "2025-01-15" },
    body: JSON.stringify({ user_uuid: userUuid }),
  });
  return ((await answer.json()) as { access_token: string }).access_token;
}
