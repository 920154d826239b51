// Bridge offline: the README's Bridge handler against a spawned `wh-sim listen`, its events sent
// straight to the app and through the listener; every answer checked against Bridge's documented schemas.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bridge as provider } from "../../src/providers/bridge/index.js";
import { handleBridgeWebhook, type BridgeConfig, type Books } from "../library-example/bridge-handler.js";
import { apiSchemas, recordAnswers, type RecordedAnswer } from "../helpers/api-schemas.js";
import { runCli } from "../helpers/cli.js";
import { startListenCli } from "../helpers/listen-cli.js";
import { startTargetServer } from "../helpers/target-server.js";

const home = mkdtempSync(join(tmpdir(), "wh-sim-bridge-offline-"));
const schemas = apiSchemas("bridge-api-schemas.json", () => "Error");
const ITEM = 7345012;
const USER = "c2a26c9e-dc23-4f67-b887-bbae0f26c415";

let listen: ReturnType<typeof startListenCli>;
let app: Awaited<ReturnType<typeof startTargetServer>>;
let config: BridgeConfig;
const books: Books = { items: new Map(), balances: new Map(), transactions: new Map(), syncedUpTo: new Map() };
/** Every answer the listener gave, to the handler or to the test: each checked against its schema. */
const answers: RecordedAnswer[] = [];
const keys = { "Client-Id": "client", "Client-Secret": "secret", "Bridge-Version": "2025-01-15", "Content-Type": "application/json" };

async function call(method: string, path: string, { token, body, headers = keys }: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${config.baseUrl}${path}`, {
    method,
    headers: { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const userToken = async () => String((await call("POST", "/v3/aggregation/authorization/token", { body: { user_uuid: USER } })).body.access_token);
/** `wh-sim trigger bridge …` to a URL, as a test of an app would. */
async function trigger(url: string, event: string, content: Record<string, unknown>) {
  const set = Object.entries({ item_id: ITEM, user_uuid: USER, ...content }).flatMap(([k, v]) => ["-o", `content.${k}=${String(v)}`]);
  const run = await runCli(["trigger", "bridge", event, ...set, "--url", url], { env: { WH_SIM_HOME: home } });
  expect(run.code, run.stderr).toBe(0);
}

beforeAll(async () => {
  recordAnswers(answers);
  app = await startTargetServer(async ({ rawBody, headers }) => ({
    status: await handleBridgeWebhook(config, books, rawBody, headers["bridgeapi-signature"] as string | undefined),
  }));
  listen = startListenCli(["--json", "--forward-to", app.url], { WH_SIM_HOME: home });
  config = { baseUrl: await listen.ready, clientId: "client", clientSecret: "secret", webhookSecret: provider.testSecret };
}, 60_000);
afterAll(async () => {
  vi.restoreAllMocks();
  await listen.stop();
  await app.close();
});

describe("a Bridge handler's flow, offline", () => {
  it("item.refreshed → token → item → accounts → transactions to the last page", async () => {
    await trigger(app.url, "item.refreshed", {});
    expect(books.items.get(ITEM)).toBe("ok");
    expect(books.balances.size).toBe(2);
    expect(books.transactions.size).toBe(40);
    expect(answers.filter((a) => a.path === "/v3/aggregation/transactions").length).toBeGreaterThanOrEqual(4); // 10 a page
  });

  it("item.account.updated through the listener: exactly nb_new_transactions new since the last sync, and its balance", async () => {
    const [account] = [...books.balances.keys()];
    const before = books.transactions.size;
    const answered = app.received.length;
    await trigger(`${config.baseUrl}/webhook`, "item.account.updated", { account_id: account, balance: 2042.17, nb_new_transactions: 13 });
    await app.answered(answered);
    expect(books.transactions.size - before).toBe(13);
    expect(books.balances.get(account!)).toBe(2042.17);
  });

  it("updated and deleted transactions come back since the last sync; a deleted one is marked", async () => {
    const [, account] = [...books.balances.keys()];
    const since = books.syncedUpTo.get(account!)!;
    const before = books.transactions.size;
    await trigger(app.url, "item.account.updated", {
      account_id: account,
      balance: 10,
      nb_new_transactions: 3,
      nb_updated_transactions: 2,
      nb_deleted_transactions: 1,
    });
    expect(books.transactions.size - before).toBe(3 - 1);
    const token = await userToken();
    const changed = (await call("GET", `/v3/aggregation/transactions?account_id=${account}&since=${encodeURIComponent(since)}`, { token })).body;
    const resources = changed.resources as { deleted: boolean }[];
    expect(resources.length).toBe(3 + 2 + 1);
    expect(resources.filter((t) => t.deleted).length).toBe(1);
  });

  it("item.refreshed with a status shows it on the item", async () => {
    await trigger(app.url, "item.refreshed@login_failed", {});
    expect(books.items.get(ITEM)).toBe("login_failed");
    const token = await userToken();
    expect((await call("GET", `/v3/aggregation/items/${ITEM}`, { token })).body).toMatchObject({ status: 402, status_code_info: "login_failed" });
    expect((await call("GET", "/v3/aggregation/items", { token })).body.resources).toHaveLength(1);
  });

  it("a refresh sends item.refreshed and item.account.updated to the --forward-to target, signed as Bridge signs", async () => {
    const token = await userToken();
    const before = books.transactions.size;
    const answered = app.received.length;
    expect((await call("POST", `/v3/aggregation/items/${ITEM}/refresh`, { token })).status).toBe(202);
    await Promise.all([0, 1, 2].map((i) => app.answered(answered + i)));
    const sent = app.received.slice(answered).map((r) => JSON.parse(r.rawBody.toString()) as { type: string; content: { nb_new_transactions?: number } });
    expect(sent.map((e) => e.type).sort()).toEqual(["item.account.updated", "item.account.updated", "item.refreshed"]);
    expect(books.items.get(ITEM)).toBe("ok");
    expect(books.transactions.size - before).toBe(sent.reduce((n, e) => n + (e.content.nb_new_transactions ?? 0), 0));
  });

  it("Bridge's errors: keys, version, token, unknown ids, parameters", async () => {
    const token = await userToken();
    expect(await call("GET", `/v3/aggregation/items/${ITEM}`, { headers: {} })).toMatchObject({ status: 401, body: { type: "unauthorized" } });
    expect((await call("GET", `/v3/aggregation/items/${ITEM}`, { headers: { ...keys, "Bridge-Version": "2021-06-01" }, token })).status).toBe(400);
    expect((await call("GET", `/v3/aggregation/items/${ITEM}`)).status).toBe(401);
    expect((await call("GET", `/v3/aggregation/items/${ITEM}`, { token: "f".repeat(64) })).status).toBe(401);
    expect((await call("GET", "/v3/aggregation/items/1234", { token })).status).toBe(404);
    expect((await call("GET", "/v3/aggregation/accounts/1234", { token })).status).toBe(404);
    expect((await call("GET", "/v3/aggregation/transactions?limit=501", { token })).status).toBe(400);
    expect((await call("POST", "/v3/aggregation/authorization/token", { body: { user_uuid: "00000000-0000-4000-a000-000000000000" } })).status).toBe(404);
    const made = await call("POST", "/v3/aggregation/users", { body: { external_user_id: "customer-42" } });
    expect(made.status).toBe(201);
    expect((await call("POST", "/v3/aggregation/authorization/token", { body: { external_user_id: "customer-42" } })).body).toMatchObject({
      user: { uuid: made.body.uuid },
    });
  });

  it("a restarted listener answers the same", async () => {
    const token = await userToken();
    const before = (await call("GET", `/v3/aggregation/accounts?item_id=${ITEM}`, { token })).body.resources;
    await listen.stop();
    listen = startListenCli(["--json"], { WH_SIM_HOME: home });
    config = { ...config, baseUrl: await listen.ready };
    expect((await call("GET", `/v3/aggregation/accounts?item_id=${ITEM}`, { token })).body.resources).toEqual(before);
  });

  it("every answer is as Bridge documents it", () => {
    const checked = new Set(answers.map((a) => schemas.templateOf(a.method, a.path)).filter(Boolean));
    expect(schemas.endpoints.filter((e) => !checked.has(e))).toEqual([]);
    expect(answers.flatMap((a) => schemas.problems(a.method, a.path, a.status, a.body))).toEqual([]);
  });
});
