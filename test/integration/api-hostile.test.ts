// The provider APIs answer a hostile or odd request as the provider would (its error shape, a 4xx),
// never with a 500 or a made-up success.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type Hook } from "../../src/index.js";

let hook: Hook;
beforeAll(async () => (hook = await listen()));
afterAll(() => hook.close());

const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
const plaid = (path: string, body: string) =>
  fetch(`${hook.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as Record<string, unknown>,
  }));

describe("the provider APIs under odd requests", () => {
  it("Stripe: a malformed escape in an id is a 404 in Stripe's error shape, not a 500", async () => {
    const answer = await fetch(`${hook.url}/v1/customers/%E0%A4%A`, { headers: { authorization: "Bearer sk_test_x" } });
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
  });

  it("Plaid: JSON nested thousands deep is a 400 INVALID_BODY, not a 500; the listener goes on", async () => {
    const answer = await plaid("/item/get", `{"client_id":"c","secret":"s","access_token":${deep(5000)}}`);
    expect(answer).toMatchObject({ status: 400, body: { error_type: "INVALID_REQUEST", error_code: "INVALID_BODY" } });
    expect((await plaid("/item/get", '{"client_id":"c","secret":"s","access_token":"access-sandbox-x"}')).status).toBe(400);
  });

  it("Truv and Bridge: nested thousands deep is their 400, not a 500", async () => {
    const truv = await fetch(`${hook.url}/v1/users/`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-access-client-id": "c", "x-access-secret": "wh_sim_truv_test_access_secret" },
      body: `{"external_user_id":${deep(5000)}}`,
    });
    expect(truv.status).toBeLessThan(500);
    const bridge = await fetch(`${hook.url}/v3/aggregation/authorization/token`, {
      method: "POST",
      headers: { "content-type": "application/json", "client-id": "x", "client-secret": "y", "bridge-version": "2025-01-15" },
      body: `{"user_uuid":${deep(5000)}}`,
    });
    expect(bridge.status).toBe(400);
  });

  it("Plaid's fire_webhook with a type that has no such webhook is refused, never a silent webhook_fired", async () => {
    const created = await plaid(
      "/sandbox/public_token/create",
      JSON.stringify({ client_id: "c", secret: "s", institution_id: "ins_109508", initial_products: ["transactions"] }),
    );
    const item = await plaid("/item/public_token/exchange", JSON.stringify({ client_id: "c", secret: "s", public_token: created.body.public_token }));
    const fire = (extra: object) =>
      plaid(
        "/sandbox/item/fire_webhook",
        JSON.stringify({ client_id: "c", secret: "s", access_token: item.body.access_token, webhook_code: "DEFAULT_UPDATE", ...extra }),
      );
    const refused = await fire({ webhook_type: "NOPE" });
    expect(refused).toMatchObject({ status: 400, body: { error_code: "INVALID_FIELD" } });
    expect(String(refused.body.error_message)).toMatch(
      /webhook_type NOPE has no DEFAULT_UPDATE webhook; with DEFAULT_UPDATE, webhook_type is one of .*TRANSACTIONS/,
    );
    expect(await fire({ webhook_type: "HOLDINGS" })).toMatchObject({ status: 200, body: { webhook_fired: true } });
  });
});

describe("Bridge users by external_user_id", () => {
  it("two users whose ids share their first 100 bytes are two users, each given its own token", async () => {
    const headers = { "content-type": "application/json", "client-id": "x", "client-secret": "y", "bridge-version": "2025-01-15" };
    const post = (path: string, body: object) =>
      fetch(`${hook.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as Record<string, unknown>,
      }));
    const prefix = "p".repeat(100);
    const first = await post("/v3/aggregation/users", { external_user_id: `${prefix}-alice` });
    const second = await post("/v3/aggregation/users", { external_user_id: `${prefix}-bob` });
    expect([first.status, second.status]).toEqual([201, 201]);
    const token = await post("/v3/aggregation/authorization/token", { external_user_id: `${prefix}-bob` });
    expect((token.body.user as { uuid: string }).uuid).toBe(second.body.uuid);
  });
});

describe("Stripe forms", () => {
  const post = (path: string, body: string) =>
    fetch(`${hook.url}${path}`, { method: "POST", headers: { authorization: "Bearer sk_test_x", "content-type": "application/x-www-form-urlencoded" }, body });

  it("a form of 450,000 keys is Stripe's 400 at once, never a listener held for seconds", async () => {
    const body = Array.from({ length: 450_000 }, (_, i) => `k${i}=v`).join("&");
    const answer = await post("/v1/webhook_endpoints", body);
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(/Too many parameters/);
  });

  it("a parameter named __proto__ is refused, and reaches no prototype", async () => {
    const answer = await post("/v1/webhook_endpoints", "url=http://127.0.0.1:9/x&enabled_events[]=*&__proto__[polluted]=yes");
    expect(answer.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
