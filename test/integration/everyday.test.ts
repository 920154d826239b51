import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runList } from "../../src/cli/commands/list.js";
import { runTrigger, type TriggerOptions } from "../../src/cli/commands/trigger.js";
import { runVerify } from "../../src/cli/commands/verify.js";
import { DeliveryError, UsageError } from "../../src/lib/errors.js";
import { BIN } from "../helpers/cli.js";
import { capture } from "../helpers/capture.js";
import { startTargetServer } from "../helpers/target-server.js";
import { has } from "../helpers/system-tools.js";

// Everyday moves that used to do the wrong thing silently or teach the wrong lesson.
const dir = mkdtempSync(join(tmpdir(), "wh-sim-everyday-"));
const trigger = (provider: string | undefined, event: string | undefined, opts: Partial<TriggerOptions> = {}) =>
  capture(() => runTrigger(provider, event, { expect: "2xx", timeout: 5000, count: 1, concurrency: 1, ...opts }));
const usage = (run: { error?: unknown }) => {
  expect(run.error).toBeInstanceOf(UsageError);
  return run.error as UsageError;
};

describe("trigger, as people type it", () => {
  let app: Awaited<ReturnType<typeof startTargetServer>>;
  beforeAll(
    async () =>
      (app = await startTargetServer(({ url }) => ({
        status: url.includes("refuse") ? 401 : 200,
        body: url.includes("refuse") ? "No signatures found" : "ok",
      }))),
  );
  afterAll(() => app.close());
  const port = () => new URL(app.url).port;

  it("an event without its provider runs for the one provider that has it, with a note; several or none is a usage error", async () => {
    const run = await trigger("customer.created", undefined, { url: app.url });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toContain("note: customer.created is a Stripe event: wh-sim trigger stripe customer.created");
    expect(run.stdout).toMatch(/^✔ stripe customer\.created/);
    const plaid = await trigger("SYNC_UPDATES_AVAILABLE", undefined, { url: app.url });
    expect(plaid.stderr).toContain("note: SYNC_UPDATES_AVAILABLE is a Plaid event: wh-sim trigger plaid SYNC_UPDATES_AVAILABLE");
    const neither = usage(await trigger("customer.craeted", undefined));
    expect(neither.message).toBe('"customer.craeted" is neither a provider nor an event');
    expect(neither.hint).toContain("did you mean customer.created");
  });

  it("localhost:3000/webhook means http://", async () => {
    const next = app.nextRequest();
    expect((await trigger("stripe", "customer.created", { url: `127.0.0.1:${port()}/webhook` })).error).toBeUndefined();
    expect((await next).url).toBe("/webhook");
  });

  it("--payload names a file with or without @; anything neither a file, - nor JSON is a usage error", async () => {
    const file = join(dir, "event.json");
    writeFileSync(file, '{"type":"invoice.paid","data":{}}');
    const next = app.nextRequest();
    expect((await trigger("standard", "invoice.paid", { url: app.url, payload: file })).error).toBeUndefined();
    expect((await next).rawBody.toString()).toBe('{"type":"invoice.paid","data":{}}');
    const missing = usage(await trigger("standard", "invoice.paid", { url: app.url, payload: join(dir, "evnet.json") }));
    expect(missing.message).toContain("is neither a file, - (stdin), nor JSON");
  });

  it("provider-specific flags given to another provider are usage errors, not ignored", async () => {
    expect(usage(await trigger("plaid", "ITEM.ERROR", { account: "acct_1" })).message).toBe("--account does not apply to plaid");
    expect(usage(await trigger("stripe", "customer.created", { svix: true })).message).toBe("--svix does not apply to stripe");
    expect(usage(await trigger("truv", "link-disconnected", { timestampUnit: "s" })).hint).toContain("Truv takes none of them");
  });

  it("a refused delivery (401) says which secret signed it, never all of it, and what the app must do", async () => {
    const run = await trigger("stripe", "customer.created", { url: `${app.url}/refuse` });
    expect(run.error).toBeInstanceOf(DeliveryError);
    const hint = (run.error as DeliveryError).hint ?? "";
    expect(hint).toContain("signed with the built-in test secret (whsec_wh…2026)");
    expect(hint).not.toContain("whsec_whsimLocalTestSecretDoNotUse2026");
    expect(hint).toContain("`wh-sim secret stripe`");
    expect(hint).toContain("raw request body");
    expect(hint).toContain(`wh-sim listen --forward-to ${app.url}/refuse`);
    const custom = await trigger("stripe", "customer.created", { url: `${app.url}/refuse`, secret: ["whsec_mineMineMine1234"] });
    expect((custom.error as DeliveryError).hint).toContain("signed with the secret from --secret (whsec_mi…1234)");
    const plaid = await trigger("plaid", "ITEM.ERROR", { url: `${app.url}/refuse` });
    expect((plaid.error as DeliveryError).hint).toContain("the app's Plaid client must fetch it from a running `wh-sim listen`");
  });

  it("https:// to a plain-HTTP server says to use http://", async () => {
    const run = await trigger("stripe", "customer.created", { url: `https://127.0.0.1:${port()}/webhook` });
    expect((run.error as DeliveryError).hint).toBe(`this server speaks plain HTTP: use http://127.0.0.1:${port()}/webhook`);
  });
});

describe("verify of an old signature", () => {
  it("says the age as a person reads it, and hints at --at", async () => {
    const body = join(dir, "old.json");
    writeFileSync(body, '{"id":"evt_1"}');
    const t = Math.floor(Date.now() / 1000) - 26 * 3600;
    const { createHmac } = await import("node:crypto");
    const header = `Stripe-Signature: t=${t},v1=${createHmac("sha256", "whsec_x").update(`${t}.{"id":"evt_1"}`).digest("hex")}`;
    const run = await capture(() => runVerify("stripe", { body, header: [header], secret: ["whsec_x"] }));
    expect((run.error as DeliveryError).message).toBe("invalid: signed 26 h ago, tolerance 5 min (stale)");
    expect((run.error as DeliveryError).hint).toContain("--at <unix seconds>");
    expect((await capture(() => runVerify("stripe", { body, header: [header], secret: ["whsec_x"], at: t + 10 }))).error).toBeUndefined();
  });
});

describe("list", () => {
  it("groups Stripe events by product, strips markdown, says 1 event, and fits a terminal's width", async () => {
    const stripe = await capture(() => runList("stripe", {}));
    expect(stripe.stdout).toMatch(/\n {2}Financial Connections\n {4}financial_connections\.account\./);
    expect(stripe.stdout).toContain("  Billing\n");
    expect(stripe.stdout).not.toMatch(/\]\(|`/);
    expect(stripe.stdout).toContain("refunding the application fee directly");
    expect((await capture(() => runList("standard", {}))).stdout).toContain("(1 event)");
    const { isTTY, columns } = process.stdout;
    Object.assign(process.stdout, { isTTY: true, columns: 70 });
    try {
      const narrow = await capture(() => runList("stripe", {}));
      // A line is cut to the width, but an event name is never cut: one longer than the width stands alone.
      expect(narrow.stdout.split("\n").filter((line) => [...line].length > 70)).toEqual(
        narrow.stdout.split("\n").filter((line) => [...line].length > 70 && /^ +[a-z0-9_.[\]]+$/.test(line)),
      );
      expect(narrow.stdout).toContain("…");
    } finally {
      Object.assign(process.stdout, { isTTY, columns });
    }
  });
});

describe("shell completion", () => {
  const script = (shell: string) => execFileSync(process.execPath, [BIN, "completion", shell], { encoding: "utf8" });

  it("bash completes commands, options, providers and event names", () => {
    const complete = (words: string[]) =>
      execFileSync(
        "bash",
        [
          "-c",
          `source <(node ${BIN} completion bash); COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _wh_sim; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        {
          encoding: "utf8",
        },
      )
        .trim()
        .split("\n");
    expect(complete(["wh-sim", "tri"])).toEqual(["trigger"]);
    expect(complete(["wh-sim", "trigger", "pl"])).toEqual(["plaid"]);
    expect(complete(["wh-sim", "trigger", "stripe", "financial_connections.account.refreshed_b"])).toEqual(["financial_connections.account.refreshed_balance"]);
    expect(complete(["wh-sim", "trigger", "plaid", "ITEM.ERROR@"])).toContain("ITEM.ERROR@institution_down");
    expect(complete(["wh-sim", "listen", "--forw"])).toEqual(["--forward-to"]);
    expect(script("bash").match(/\S+\.\S+/g)!.length).toBeGreaterThan(300);
  });

  it.runIf(has("fish"))("fish completes event names", () => {
    const file = join(dir, "wh-sim.fish");
    writeFileSync(file, script("fish"));
    const out = execFileSync(
      "fish",
      ["-c", `source ${file}; complete -C "wh-sim trigger stripe financial_connections.account.refreshed_b"; complete -C "wh-sim trig"`],
      { encoding: "utf8" },
    );
    expect(out.split("\n")).toEqual(expect.arrayContaining(["financial_connections.account.refreshed_balance", "trigger"]));
  });

  it.runIf(has("zsh"))("zsh reads its script without an error", () => {
    const file = join(dir, "_wh-sim");
    writeFileSync(file, script("zsh"));
    expect(() => execFileSync("zsh", ["-n", file])).not.toThrow();
    expect(script("zsh")).toContain("financial_connections.account.refreshed_balance");
  });

  it("refuses a shell it does not know", () => {
    expect(() => execFileSync(process.execPath, [BIN, "completion", "tcsh"], { stdio: "pipe" })).toThrow(/no completion for "tcsh"/);
  });
});
