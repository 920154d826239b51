// Truv offline: the README's Truv handler against a spawned `wh-sim listen`, its events sent straight
// to the app and through the listener; every answer checked against Truv's documented schemas.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { truv as provider } from "../../src/providers/truv/index.js";
import { publicTokenOf } from "../../src/providers/truv/api/state.js";
import { handleTruvWebhook, type Records, type TruvConfig } from "../library-example/truv-handler.js";
import { apiSchemas, recordAnswers, type RecordedAnswer } from "../helpers/api-schemas.js";
import { runCli } from "../helpers/cli.js";
import { startListenCli } from "../helpers/listen-cli.js";
import { startTargetServer } from "../helpers/target-server.js";

const home = mkdtempSync(join(tmpdir(), "wh-sim-truv-offline-"));
const schemas = apiSchemas("truv-api-schemas.json", (status) => (status === 404 || status === 405 ? "NotFound" : "Error"));
const LINK = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const USER = "99dd17074ac94aa9ace2621d657c7610";
const ORDER = "39aa1486ccca4bc19cda071ffc1ba392";
const EMPLOYER = "ad9f14440d624ec3b0f66e81e44518c7";

let listen: ReturnType<typeof startListenCli>;
let app: Awaited<ReturnType<typeof startTargetServer>>;
let config: TruvConfig;
const records: Records = { suborders: new Map(), incomes: new Map() };
/** Every answer the listener gave, to the handler or to the test: each checked against its schema. */
const answers: RecordedAnswer[] = [];

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = keys()) {
  const response = await fetch(`${config.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}
const keys = (secret = provider.testSecret) => ({ "X-Access-Client-Id": "client", "X-Access-Secret": secret, "Content-Type": "application/json" });
/** `wh-sim trigger truv …` to a URL, as a test of an app would. */
async function trigger(url: string, ...args: string[]) {
  const run = await runCli(["trigger", "truv", ...args, "--url", url], { env: { WH_SIM_HOME: home } });
  expect(run.code, run.stderr).toBe(0);
}

beforeAll(async () => {
  recordAnswers(answers);
  app = await startTargetServer(async ({ rawBody, headers }) => ({
    status: await handleTruvWebhook(config, records, rawBody, headers["x-webhook-sign"] as string | undefined),
  }));
  listen = startListenCli(["--json", "--forward-to", app.url], { WH_SIM_HOME: home });
  config = { baseUrl: await listen.ready, clientId: "client", secret: provider.testSecret };
}, 60_000);
afterAll(async () => {
  vi.restoreAllMocks();
  await listen.stop();
  await app.close();
});

describe("a Truv handler's flow, offline", () => {
  it("task done → link → income report: its statements are the ones statements-created counted", async () => {
    await trigger(app.url, "statements-created", "-o", `link_id=${LINK}`, "-o", `user_id=${USER}`, "-o", "objects_count=9");
    await trigger(app.url, "task-status-updated", "-o", `link_id=${LINK}`, "-o", `user_id=${USER}`, "-o", "status=done");
    expect(records.incomes.get(LINK)).toMatchObject({ statements: 9 });
    expect(Number(records.incomes.get(LINK)!.income)).toBeGreaterThan(10_000);
    expect(listen.lines().some((l) => l.includes('"kind":"api"') && l.includes('"provider":"truv"'))).toBe(true);
  });

  it("order → the order's employer has the last status sent, straight to the app or through the listener", async () => {
    const order = ["-o", `order_id=${ORDER}`, "-o", `employer_id=${EMPLOYER}`, "-o", `link_id=${LINK}`, "-o", `user_id=${USER}`];
    await trigger(app.url, "order-status-updated@pending", ...order);
    expect(records.suborders.get(EMPLOYER)).toBe("pending");
    const answered = app.received.length;
    await trigger(`${config.baseUrl}/webhook`, "order-status-updated", ...order, "-o", "status=completed");
    await app.answered(answered);
    expect(records.suborders.get(EMPLOYER)).toBe("completed");
    const { body } = await call("GET", `/v1/orders/${ORDER}/`);
    expect(body.employers).toEqual([expect.objectContaining({ id: EMPLOYER, status: "completed", link_id: LINK })]);
  });

  it("the link, its employment report, a user report, and the public token exchanged", async () => {
    expect((await call("GET", `/v1/links/${LINK}/`)).body).toMatchObject({ id: LINK, status: "done", data_source: "payroll" });
    // Truv's own sample apps call some paths without the trailing slash its documents write: the same answer.
    expect((await call("GET", `/v1/links/${LINK}`)).body).toMatchObject({ id: LINK, status: "done" });
    const withoutSlash = (await call("GET", `/v1/links/${LINK}/income/report`)).body;
    expect(withoutSlash).toEqual((await call("GET", `/v1/links/${LINK}/income/report/`)).body);
    const employment = (await call("GET", `/v1/links/${LINK}/employment/report/`)).body as { employments: Record<string, unknown>[] };
    expect(employment.employments[0]).not.toHaveProperty("income");
    const created = await call("POST", `/v1/users/${USER}/reports/`, { is_voe: false });
    expect(created.status).toBe(201);
    const report = await call("GET", `/v1/users/${USER}/reports/${String(created.body.report_id)}/`);
    expect(report.body).toMatchObject({ links: [{ link_id: LINK, employments: [{ statements: expect.any(Array) }] }] });
    await trigger(app.url, "shifts-created", "-o", `link_id=${LINK}`, "-o", "objects_count=24");
    const shifts: unknown[] = [];
    for (let next: string | null = `/v1/links/${LINK}/shifts/?page_size=10`; next;) {
      const { body } = await call("GET", next.replace(config.baseUrl, ""));
      expect(body.count).toBe(24);
      shifts.push(...(body.results as unknown[]));
      next = body.next as string | null;
    }
    expect(shifts).toHaveLength(24);
    const exchanged = await call("POST", "/v1/link-access-tokens/", { public_token: publicTokenOf(LINK) });
    expect(exchanged.body).toMatchObject({ link_id: LINK, access_token: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it("a registered webhook gets the refresh's task-status-updated, signed with the access secret; the history lists it", async () => {
    const registered = await call("POST", "/v1/webhooks/", { name: "app", webhook_url: app.url, events: ["task-status-updated"], env_type: "sandbox" });
    expect(registered.status).toBe(201);
    const { body: token } = await call("POST", "/v1/link-access-tokens/", { public_token: publicTokenOf(LINK) });
    const before = app.received.length;
    expect((await call("POST", "/v1/refresh/tasks/", { access_token: token.access_token })).status).toBe(201);
    await app.answered(before); // the registered webhook (the forward-to target gets its own copy: the same URL here)
    expect(records.incomes.get(LINK)).toMatchObject({ statements: 10 });
    await expect
      .poll(async () => ((await call("GET", "/v1/webhook-requests/?event_type=task-status-updated")).body.results as unknown[]).length)
      .toBeGreaterThan(1);
    const history = (await call("GET", "/v1/webhook-requests/?event_type=task-status-updated")).body.results as { status_code: number; webhook_url: string }[];
    expect(history[0]).toMatchObject({ status_code: 200, webhook_url: app.url });
    expect((await call("GET", `/v1/webhooks/${String(registered.body.id)}/`)).status).toBe(200);
    expect((await call("DELETE", `/v1/webhooks/${String(registered.body.id)}/`)).status).toBe(204);
    expect((await call("GET", `/v1/webhooks/${String(registered.body.id)}/`)).status).toBe(404);
  });

  it("Truv's errors: credentials, unknown ids, invalid parameters, methods", async () => {
    expect(await call("GET", `/v1/links/${LINK}/`, undefined, {})).toMatchObject({ status: 401, body: { error: { code: "authentication_failed" } } });
    expect((await call("GET", `/v1/links/${LINK}/`, undefined, keys("not-the-secret"))).status).toBe(401);
    expect(await call("GET", "/v1/orders/ffffffffffffffffffffffffffffffff/")).toMatchObject({ status: 404, body: { detail: "Not Found." } });
    const invalid = await call("POST", "/v1/webhooks/", { name: "x", webhook_url: "nope", events: ["no-such-event"], env_type: "qa" });
    expect(invalid.status).toBe(400);
    expect((invalid.body.error as { extra: { "invalid-params": { field: string }[] } }).extra["invalid-params"].map((p) => p.field)).toEqual([
      "webhook_url",
      "env_type",
      "events",
    ]);
    expect((await call("POST", "/v1/link-access-tokens/", { public_token: "0".repeat(32) })).status).toBe(400);
    expect((await call("PUT", `/v1/links/${LINK}/`)).status).toBe(405);
  });

  it("a restarted listener answers the same", async () => {
    const before = (await call("GET", `/v1/links/${LINK}/income/report/`)).body;
    await listen.stop();
    listen = startListenCli(["--json"], { WH_SIM_HOME: home });
    config = { ...config, baseUrl: await listen.ready };
    expect((await call("GET", `/v1/links/${LINK}/income/report/`)).body).toEqual(before);
  });

  it("every answer is as Truv documents it", () => {
    const checked = new Set(answers.map((a) => schemas.templateOf(a.method, a.path)).filter(Boolean));
    expect(schemas.endpoints.filter((e) => !checked.has(e))).toEqual([]);
    expect(answers.flatMap((a) => schemas.problems(a.method, a.path, a.status, a.body))).toEqual([]);
  });
});
