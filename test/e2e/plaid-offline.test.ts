// Plaid offline: a handler's whole story against a spawned `wh-sim listen`, driven by Plaid's own
// client, every answer validated against Plaid's OpenAPI schemas (the spec the fixtures come from).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import axios from "axios";
import { Configuration, PlaidApi } from "plaid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startListenCli } from "../helpers/listen-cli.js";
import { PLAID_ENDPOINTS, plaidAnswerErrors } from "../helpers/plaid-schema.js";
import { startTargetServer } from "../helpers/target-server.js";
import { plaidVerifier } from "../helpers/verifying-apps.js";

const home = mkdtempSync(join(tmpdir(), "wh-sim-plaid-offline-"));
let listen: ReturnType<typeof startListenCli>;
let base: string;
let app: Awaited<ReturnType<typeof startTargetServer>>;
/** Every answer the client got: validated against the spec at the end of each test. */
const answers: { endpoint: string; status: number; body: unknown }[] = [];

function plaidClient(basePath: string): PlaidApi {
  const http = axios.create();
  const keep = (response: { config: { url?: string }; status: number; data: unknown }) =>
    void answers.push({ endpoint: new URL(response.config.url!).pathname, status: response.status, body: response.data });
  http.interceptors.response.use(
    (response) => {
      keep(response);
      return response;
    },
    (error: { response?: Parameters<typeof keep>[0] }) => {
      if (error.response) keep(error.response);
      return Promise.reject(error);
    },
  );
  return new PlaidApi(
    new Configuration({ basePath, baseOptions: { headers: { "PLAID-CLIENT-ID": "client", "PLAID-SECRET": "secret" } } }),
    basePath,
    http as never,
  );
}
const errorOf = (error: unknown) => (error as { response: { status: number; data: { error_code: string; error_type: string } } }).response;

beforeAll(async () => {
  listen = startListenCli(["--json"], { WH_SIM_HOME: home });
  base = await listen.ready;
  app = await startTargetServer(plaidVerifier(base));
});
afterAll(async () => {
  await listen.stop();
  await app.close();
});

describe("a Plaid handler's whole story, offline", () => {
  it("item → exchange → accounts → sync to the end → transactions/create → a verified SYNC_UPDATES_AVAILABLE → exactly those in the next sync → reset_login", async () => {
    const client = plaidClient(base);
    const { data: created } = await client.sandboxPublicTokenCreate({
      institution_id: "ins_109508",
      initial_products: ["transactions" as never, "auth" as never],
      options: { webhook: `${app.url}/plaid` },
    });
    const { data: exchanged } = await client.itemPublicTokenExchange({ public_token: created.public_token });
    const access_token = exchanged.access_token;
    const { data: accounts } = await client.accountsGet({ access_token });
    expect(accounts.item.item_id).toBe(exchanged.item_id);
    expect(accounts.accounts.length).toBeGreaterThan(2);

    // Sync to the end, page by page.
    let cursor: string | undefined;
    const seen: string[] = [];
    for (let more = true; more;) {
      const { data } = await client.transactionsSync({ access_token, count: 5, ...(cursor ? { cursor } : {}) });
      seen.push(...data.added.map((t) => t.transaction_id));
      for (const t of data.added) expect(accounts.accounts.map((a) => a.account_id)).toContain(t.account_id);
      cursor = data.next_cursor;
      more = data.has_more;
    }
    expect(seen.length).toBeGreaterThanOrEqual(10);
    expect(new Set(seen).size).toBe(seen.length);

    const before = app.received.length;
    const today = new Date().toISOString().slice(0, 10);
    await client.sandboxTransactionsCreate({
      access_token,
      transactions: [
        { amount: 12.34, date_posted: today, date_transacted: today, description: "Corner Coffee" },
        { amount: 250, date_posted: today, date_transacted: today, description: "Rent share" },
      ],
    });
    const webhook = await app.answered(before);
    expect(webhook.answer, "the app verified it as Plaid's docs say").toBe("ok");
    expect(JSON.parse(webhook.rawBody.toString())).toMatchObject({
      webhook_type: "TRANSACTIONS",
      webhook_code: "SYNC_UPDATES_AVAILABLE",
      item_id: exchanged.item_id,
    });
    const { data: next } = await client.transactionsSync({ access_token, cursor: cursor! });
    expect(next.added.map((t) => [t.name, t.amount])).toEqual([
      ["Corner Coffee", 12.34],
      ["Rent share", 250],
    ]);
    expect(next.has_more).toBe(false);

    await client.sandboxItemResetLogin({ access_token });
    const { data: item } = await client.itemGet({ access_token });
    expect(item.item.error).toMatchObject({ error_code: "ITEM_LOGIN_REQUIRED", error_type: "ITEM_ERROR" });
    const refused = await client.transactionsSync({ access_token, cursor: next.next_cursor }).catch(errorOf);
    expect(refused).toMatchObject({ status: 400, data: { error_code: "ITEM_LOGIN_REQUIRED" } });
    const error = await app.answered(before + 1);
    expect(JSON.parse(error.rawBody.toString())).toMatchObject({ webhook_type: "ITEM", webhook_code: "ERROR", error: { error_code: "ITEM_LOGIN_REQUIRED" } });

    // Every other endpoint a handler calls answers for the Item, every answer as the spec says.
    const { data: added } = await client.sandboxPublicTokenCreate({
      institution_id: "ins_109508",
      initial_products: ["transactions", "auth", "identity", "investments", "liabilities"] as never[],
    });
    const other = (await client.itemPublicTokenExchange({ public_token: added.public_token })).data.access_token;
    await client.accountsBalanceGet({ access_token: other });
    await client.authGet({ access_token: other });
    await client.identityGet({ access_token: other });
    await client.investmentsHoldingsGet({ access_token: other });
    await client.investmentsTransactionsGet({ access_token: other, start_date: "2025-01-01", end_date: today });
    await client.liabilitiesGet({ access_token: other });
    const got = await client.transactionsGet({ access_token: other, start_date: "2020-01-01", end_date: today });
    expect(got.data.total_transactions).toBeGreaterThan(0);
    await client.transactionsRecurringGet({ access_token: other });
    await client.transactionsRefresh({ access_token: other });
    await client.transferEventSync({ after_id: 0 });
    await client.linkTokenCreate({ client_name: "app", language: "en", country_codes: ["US" as never], user: { client_user_id: "u1" } });
    await client.itemWebhookUpdate({ access_token: other, webhook: `${app.url}/new` });
    await client.sandboxItemFireWebhook({ access_token: other, webhook_code: "DEFAULT_UPDATE" as never });
    await client.itemRemove({ access_token: other });
    expect(await client.itemGet({ access_token: other }).catch(errorOf)).toMatchObject({ status: 400, data: { error_code: "INVALID_ACCESS_TOKEN" } });

    const invalid = answers.flatMap((a) => plaidAnswerErrors(a.endpoint, a.status, a.body));
    expect(invalid).toEqual([]);
    const answered = new Set(answers.filter((a) => a.status === 200).map((a) => a.endpoint));
    expect(PLAID_ENDPOINTS.filter((e) => !answered.has(e))).toEqual([]);
  });

  it("errors in Plaid's shape: bad tokens, missing fields, a product the Item lacks, an endpoint wh-sim does not answer", async () => {
    const client = plaidClient(base);
    answers.length = 0;
    expect(await client.authGet({ access_token: "access-sandbox-00000000-0000-4000-a000-000000000000" }).catch(errorOf)).toMatchObject({
      status: 400,
      data: { error_code: "INVALID_ACCESS_TOKEN", error_type: "INVALID_INPUT" },
    });
    expect(await client.authGet({ access_token: "not-a-token" }).catch(errorOf)).toMatchObject({ data: { error_code: "INVALID_ACCESS_TOKEN" } });
    expect(await client.sandboxPublicTokenCreate({} as never).catch(errorOf)).toMatchObject({ status: 400, data: { error_code: "MISSING_FIELDS" } });
    const { data } = await client.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: ["transactions" as never] });
    const { access_token } = (await client.itemPublicTokenExchange({ public_token: data.public_token })).data;
    expect(await client.liabilitiesGet({ access_token }).catch(errorOf)).toMatchObject({ status: 400, data: { error_code: "PRODUCTS_NOT_SUPPORTED" } });
    const unknown = await client.assetReportCreate({ access_tokens: [access_token], days_requested: 30 }).catch(errorOf);
    expect(unknown).toMatchObject({ status: 400, data: { error_type: "INVALID_REQUEST", error_code: "NOT_FOUND" } });
    expect(answers.flatMap((a) => plaidAnswerErrors(a.endpoint, a.status, a.body))).toEqual([]);

    // Each call is its own kind of line in --json, never a webhook.
    await listen.waitForLine((l) => l.includes("/asset_report/create"));
    const lines = listen.lines().map((l) => JSON.parse(l) as { kind: string; api?: { endpoint: string; error?: string } });
    const asset = lines.find((l) => l.api?.endpoint === "POST /asset_report/create")!;
    expect(asset).toMatchObject({ kind: "api", api: { error: "NOT_FOUND" } });
    expect(lines.filter((l) => l.kind === "webhook")).toEqual([]);
  });

  it("a restarted listener answers the same for the same Item, and a trigger for its item_id is made true", async () => {
    const client = plaidClient(base);
    const { data } = await client.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: ["transactions" as never] });
    const { access_token, item_id } = (await client.itemPublicTokenExchange({ public_token: data.public_token })).data;
    const first = (await client.transactionsSync({ access_token })).data;
    const again = startListenCli([], { WH_SIM_HOME: home });
    try {
      const restarted = plaidClient(await again.ready);
      const second = (await restarted.transactionsSync({ access_token })).data;
      expect(second.added).toEqual(first.added);
      expect((await restarted.accountsGet({ access_token })).data.accounts).toEqual((await client.accountsGet({ access_token })).data.accounts);
      // Straight to the app, not through a listener: the Item still learns of it (same WH_SIM_HOME).
      const sent = await runCli(["trigger", "plaid", "ITEM.ERROR@institution_down", "-o", `item_id=${item_id}`, "--url", `${app.url}/plaid`], {
        env: { WH_SIM_HOME: home },
      });
      expect(sent.code, sent.stderr).toBe(0);
      expect((await restarted.itemGet({ access_token })).data.item.error).toMatchObject({ error_code: "INSTITUTION_DOWN" });
      await runCli(["trigger", "plaid", "ITEM.LOGIN_REPAIRED", "-o", `item_id=${item_id}`, "--url", `${app.url}/plaid`], { env: { WH_SIM_HOME: home } });
      await runCli(["trigger", "plaid", "TRANSACTIONS.SYNC_UPDATES_AVAILABLE", "-o", `item_id=${item_id}`, "--url", `${app.url}/plaid`], {
        env: { WH_SIM_HOME: home },
      });
      const more = (await restarted.transactionsSync({ access_token, cursor: second.next_cursor })).data;
      expect(more.added).toHaveLength(3);
    } finally {
      await again.stop();
    }
  });
});
