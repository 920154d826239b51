// The inspector in a real Chromium: Debian's `chromium` driven by playwright-core (which cannot
// download a browser here), headless, no sandbox (CI runs as root), no background networking
// (there is no outside network).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startListenCli } from "../helpers/listen-cli.js";
import { has } from "../helpers/system-tools.js";

const CHROMIUM = "/usr/bin/chromium";
let browser: Browser;
let page: Page;
let listen: ReturnType<typeof startListenCli>;
let base: string;
const send = (...args: string[]) => runCli(["trigger", ...args, "--url", `${base}/webhook`]);
const rows = () => page.locator("#rows tr");
const row = (text: string) => rows().filter({ hasText: text });

beforeAll(async () => {
  if (!has("chromium")) return;
  listen = startListenCli(["--ui"]);
  base = await listen.ready;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  page = await browser.newPage();
  // Fail with the locator that did not appear, well before the test times out.
  page.setDefaultTimeout(8000);
  // Through the URL the banner prints, as a user would.
  await listen.waitForStderr(/inspector: \S+/);
  await page.goto(/inspector: (\S+)/.exec(listen.stderr)![1]!);
  await page.locator("#connection", { hasText: "live" }).waitFor();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await listen?.stop();
});

describe.runIf(has("chromium"))("the inspector in Chromium", () => {
  it("shows events live as they arrive, with their verdicts; a tampered one says why", async () => {
    await send("stripe", "customer.created");
    await send("plaid", "ITEM.ERROR");
    await send("stripe", "invoice.paid", "--tamper");
    await row("customer.created").waitFor();
    await row("invoice.paid").waitFor();
    await expect(row("customer.created").locator("td").nth(4).textContent()).resolves.toBe("✔ valid");
    await expect(row("ITEM.ERROR").locator("td").nth(4).textContent()).resolves.toBe("✔ valid");
    await expect(row("invoice.paid").locator("td").nth(4).textContent()).resolves.toBe("✖ invalid: mismatch");
    await row("invoice.paid").click();
    await page.locator("#detail-verdict", { hasText: "no v1 signature matches" }).waitFor();
    expect(await page.locator("#detail-headers").textContent()).toContain("Stripe-Signature");
  });

  it("search and filters narrow the list", async () => {
    await page.fill("#search", "ITEM_LOGIN_REQUIRED");
    await expect.poll(() => rows().count()).toBe(1);
    await page.fill("#search", "");
    await expect.poll(() => rows().count()).toBe(3);
    await page.selectOption("#verdict", "invalid");
    await expect.poll(() => rows().count()).toBe(1);
    await page.selectOption("#verdict", "");
    await page.selectOption("#provider", "plaid");
    await expect.poll(() => rows().count()).toBe(1);
    await page.selectOption("#provider", "");
    // Keyboard: "/" focuses the search.
    await page.locator("h1").click();
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("search");
  });

  it("an edited body replays as a new, validly re-signed request; diff shows the changed field", async () => {
    await row("invoice.paid").click();
    await page.locator("#replay-body").waitFor();
    const body = JSON.parse(await page.inputValue("#replay-body"));
    body.data.object.amount_due = 4242;
    await page.check('input[name="mode"][value="edited"]');
    await page.fill("#replay-body", JSON.stringify(body));
    await page.click("#replay-send");
    await page.locator("#replay-result", { hasText: "answered 200" }).waitFor();
    await expect.poll(() => rows().count()).toBe(4);
    const replayed = rows().first(); // newest first
    await expect(replayed.locator("td").nth(4).textContent()).resolves.toBe("✔ valid");
    // The list is redrawn on a click: click the box, then check the redrawn one.
    await replayed.locator('input[type="checkbox"]').click();
    await expect.poll(() => rows().first().locator('input[type="checkbox"]').isChecked()).toBe(true);
    await row("invoice.paid").last().click();
    const diff = page.locator("#diff-rows");
    await diff.locator("th", { hasText: "data.object.amount_due" }).waitFor();
    expect(await diff.textContent()).toContain("4242");
  });

  it("the NDJSON export replays with `wh-sim replay`", async () => {
    const href = await page.getAttribute("#export-ndjson", "href");
    const text = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    const file = join(mkdtempSync(join(tmpdir(), "wh-sim-export-")), "export.ndjson");
    writeFileSync(file, text);
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(4);
    const replay = await runCli(["replay", file, "--url", `${base}/webhook`]);
    expect(replay.code, replay.stderr).toBe(0);
    await expect.poll(() => rows().count()).toBe(8);
  });

  it("a reload misses nothing", async () => {
    await page.reload();
    await expect.poll(() => rows().count()).toBe(8);
    await send("truv", "task-status-updated");
    await row("task-status-updated").waitFor();
    expect(await rows().count()).toBe(9);
  });

  it("bound beyond loopback: the banner's URL with its token opens the page, which keeps working by its cookie", async () => {
    const open = startListenCli(["--ui", "--host", "0.0.0.0"]);
    try {
      const url = await open.ready;
      await open.waitForStderr(/inspector: \S+\?token=/);
      const tab = await browser.newPage();
      const denied = await tab.goto(`${url}/_wh-sim/`);
      expect(denied?.status()).toBe(401);
      await tab.goto(/inspector: (\S+)/.exec(open.stderr)![1]!);
      await tab.locator("#connection", { hasText: "live" }).waitFor();
      expect(tab.url()).not.toContain("token=");
      await runCli(["trigger", "stripe", "customer.created", "--url", `${url}/webhook`]);
      await tab.locator("#rows tr", { hasText: "customer.created" }).waitFor();
      await tab.close();
    } finally {
      await open.stop();
    }
  });

  it("a replay to another URL asks first, and sends nothing when the user declines", async () => {
    const { startTargetServer } = await import("../helpers/target-server.js");
    const elsewhere = await startTargetServer();
    try {
      await row("customer.created").first().click();
      await page.check('input[name="mode"][value="resign"]');
      await page.fill("#replay-url", `${elsewhere.url}/hook`);
      const asked: string[] = [];
      page.once("dialog", (dialog) => {
        asked.push(dialog.message());
        void dialog.dismiss();
      });
      await page.click("#replay-send");
      await page.locator("#replay-result", { hasText: "not sent" }).waitFor();
      expect(asked[0]).toContain(`${elsewhere.url}/hook`);
      expect(elsewhere.received).toHaveLength(0);
      page.once("dialog", (dialog) => void dialog.accept());
      await page.click("#replay-send");
      await page.locator("#replay-result", { hasText: "answered 200" }).waitFor();
      expect(elsewhere.received).toHaveLength(1);
      await page.fill("#replay-url", "");
    } finally {
      await elsewhere.close();
    }
  });

  it("a closed tab leaves no trace: the next webhooks print and record only themselves", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wh-sim-closed-tab-"));
    const record = join(dir, "record.ndjson");
    const quiet = startListenCli(["--ui", "--json", "--record", record]);
    try {
      const url = await quiet.ready;
      const tab = await browser.newPage();
      await tab.goto(`${url}/_wh-sim/`);
      await tab.locator("#connection", { hasText: "live" }).waitFor();
      await tab.close();
      for (const event of ["customer.created", "invoice.paid", "customer.updated"]) {
        const sent = await runCli(["trigger", "stripe", event, "--url", `${url}/webhook`]);
        expect(sent.code, sent.stderr).toBe(0);
      }
      await quiet.waitForLines(3);
      await quiet.stop();
      expect(quiet.lines().map((l) => JSON.parse(l).event)).toEqual(["customer.created", "invoice.paid", "customer.updated"]);
      expect(quiet.stdout + quiet.stderr).not.toMatch(/reset|EPIPE|ECONNRESET/);
      expect(readFileSync(record, "utf8").trim().split("\n")).toHaveLength(3);
    } finally {
      await quiet.stop();
    }
  });

  it("a provider API call is its own kind of row, with its own filter", async () => {
    const call = await fetch(`${base}/accounts/get`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_id: "c", secret: "s", access_token: "access-sandbox-00000000-0000-4000-a000-000000000000" }),
    });
    expect(call.status).toBe(400);
    await row("API POST /accounts/get").waitFor();
    expect(await row("API POST /accounts/get").locator("td").nth(4).textContent()).toBe("✖ INVALID_ACCESS_TOKEN");
    await page.selectOption("#kind", "api");
    await expect.poll(() => rows().count()).toBe(1);
    await page.selectOption("#kind", "webhook");
    expect(await row("API POST").count()).toBe(0);
    await page.selectOption("#kind", "");
  });

  // WH_SIM_SCREENSHOT=docs/inspector.png npx vitest run test/e2e/inspector-browser.test.ts makes the README's picture.
  it("at 1280 px: the list takes two thirds, keeps times and ids whole, and the empty detail says what to do", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await page.locator("#connection", { hasText: "live" }).waitFor();
    await send("stripe", "financial_connections.account.refreshed_balance");
    const first = row("refreshed_balance");
    await first.waitFor();
    await expect(page.locator("#detail-empty").textContent()).resolves.toMatch(/^Select a request in the list/);
    const [list, main] = await Promise.all([page.locator("section.list").boundingBox(), page.locator("main").boundingBox()]);
    expect(list!.width / main!.width).toBeGreaterThan(0.64);
    // One line each: a cell as tall as one line of its text, its text not broken.
    for (const column of [0, 3]) {
      const lines = await first
        .locator("td")
        .nth(column)
        .evaluate((td) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        });
      expect(lines, `column ${column}`).toBe(1);
    }
    await first.click();
    await page.locator("#detail-title", { hasText: "refreshed_balance" }).waitFor();
    expect(await page.locator("#detail-empty").isHidden()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it.runIf(process.env.WH_SIM_SCREENSHOT)("takes the README's screenshot", async () => {
    await page.setViewportSize({ width: 1400, height: 860 });
    await row("invoice.paid").last().click();
    await page.locator("#detail-verdict", { hasText: "invalid" }).waitFor();
    await page.screenshot({ path: process.env.WH_SIM_SCREENSHOT! });
  });
});
