import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runList } from "../../src/cli/commands/list.js";
import { runSecret } from "../../src/cli/commands/secret.js";
import { runSign } from "../../src/cli/commands/sign.js";
import { runTrigger, type TriggerOptions } from "../../src/cli/commands/trigger.js";
import { runVerify } from "../../src/cli/commands/verify.js";
import { DeliveryError, UsageError } from "../../src/lib/errors.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { capture } from "../helpers/capture.js";
import { startTargetServer } from "../helpers/target-server.js";

// The commands run in-process: what they print and what they throw (a UsageError ends the CLI
// with exit 2, a DeliveryError with 1). Exit codes, signals and TTYs are left to test/e2e.
const dir = mkdtempSync(join(tmpdir(), "wh-sim-commands-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const trigger = (provider: string | undefined, event: string | undefined, opts: Partial<TriggerOptions> = {}) =>
  capture(() => runTrigger(provider, event, { expect: "2xx", timeout: 10_000, count: 1, concurrency: 1, ...opts }));

describe("wh-sim sign and verify, offline, for every HMAC provider", () => {
  it.each([
    ["stripe", "whsec_abc"],
    ["truv", "truv-secret"],
    ["bridge", "bridge-secret"],
    ["standard", "whsec_c2VjcmV0LWJ5dGVz"],
  ])("%s: sign's headers verify; a changed body does not", async (provider, secret) => {
    const body = file(`${provider}.json`, '{"type":"x.y","event_type":"link-connected","id":"evt_1"}');
    const signed = await capture(() => runSign(provider, { body, secret: [secret], json: true }));
    expect(signed.error).toBeUndefined();
    const header = Object.entries(JSON.parse(signed.stdout) as Record<string, string>).map(([k, v]) => `${k}: ${v}`);
    const ok = await capture(() => runVerify(provider, { body, secret: [secret], header }));
    expect(ok.error).toBeUndefined();
    expect(ok.stdout).toContain("✔ valid");
    const changed = file(`${provider}-changed.json`, '{"type":"x.y","event_type":"link-connected","id":"evt_2"}');
    const bad = await capture(() => runVerify(provider, { body: changed, secret: [secret], header }));
    expect(bad.error).toBeInstanceOf(DeliveryError);
    expect((bad.error as DeliveryError).message).toMatch(/invalid: .*\(mismatch\)/);
    expect((bad.error as DeliveryError).hint).toBeTruthy();
  });
});

describe("wh-sim trigger, in-process", () => {
  let app: Awaited<ReturnType<typeof startTargetServer>>;
  beforeAll(async () => (app = await startTargetServer()));
  afterAll(() => app.close());

  it("truv link-disconnected sends Truv's headers and body", async () => {
    const next = app.nextRequest();
    expect((await trigger("truv", "link-disconnected", { url: app.url })).error).toBeUndefined();
    const { headers, rawBody } = await next;
    expect(headers["user-agent"]).toBe("Truv-Webhook-Service/2.0");
    expect(headers["x-webhook-sign"]).toMatch(/^v1=[0-9a-f]{64}$/);
    const event = JSON.parse(rawBody.toString());
    expect(event).toMatchObject({ event_type: "link-disconnected", webhook_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(Math.abs(Date.parse(event.event_created_at) - Date.now())).toBeLessThan(60_000);
  });

  it("bridge item.account.updated uses ms timestamps, integer ids, and the chosen API version", async () => {
    const next = app.nextRequest();
    expect((await trigger("bridge", "item.account.updated", { url: app.url, secret: ["a", "b"] })).error).toBeUndefined();
    const { headers, rawBody } = await next;
    expect(headers["bridgeapi-signature"]).toMatch(/^v1=[0-9A-F]{64},v1=[0-9A-F]{64}$/);
    const event = JSON.parse(rawBody.toString());
    expect(Math.abs(event.timestamp - Date.now())).toBeLessThan(60_000);
    expect(Number.isInteger(event.content.item_id)).toBe(true);
    const old = app.nextRequest();
    expect((await trigger("bridge", "item.refreshed", { apiVersion: "2021.06.01", timestampUnit: "s", url: app.url })).error).toBeUndefined();
    const refreshed = JSON.parse((await old).rawBody.toString());
    expect(refreshed.content).not.toHaveProperty("authentication_expires_at");
    expect(Math.abs(refreshed.timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect((await trigger("bridge", "item.created", { apiVersion: "2020.01.01" })).error).toBeInstanceOf(UsageError);
  });

  it("standard <any event> --payload @file sends the file's exact bytes, accepted by standardwebhooks, and reports the webhook-id", async () => {
    const secret = "whsec_dGVzdC1zZWNyZXQtZm9yLXN0YW5kYXJk";
    const payload = '{"type": "invoice.paid",\n "data": {"id": "in_1", "amount": 4200}}';
    const next = app.nextRequest();
    const run = await trigger("standard", "invoice.paid", { payload: `@${file("event.json", payload)}`, secret: [secret], url: app.url, json: true });
    expect(run.error).toBeUndefined();
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ provider: "standard", event: "invoice.paid", ok: true, id: expect.stringMatching(/^msg_/) });
    const { headers, rawBody } = await next;
    expect(report.id).toBe(headers["webhook-id"]);
    expect(rawBody.toString()).toBe(payload);
    expect(new Webhook(secret).verify(rawBody.toString(), headers as Record<string, string>)).toMatchObject({ type: "invoice.paid" });
  });

  it("--seed with --dry-run prints the same request twice and sends nothing", async () => {
    const before = app.received.length;
    const a = await trigger("stripe", "customer.created", { seed: "42", dryRun: true, url: app.url });
    const b = await trigger("stripe", "customer.created", { seed: "42", dryRun: true, url: app.url });
    expect(a.error).toBeUndefined();
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/webhook\nContent-Type: application\/json; charset=utf-8\n/);
    expect(a.stdout).toContain("Stripe-Signature: t=1700000000,v1=");
    expect(app.received.length).toBe(before);
  });

  it("an unknown event or provider is a usage error with did-you-mean", async () => {
    const event = await trigger("stripe", "financial_connections.account.refreshed_balanse", { url: app.url });
    expect(event.error).toBeInstanceOf(UsageError);
    expect((event.error as UsageError).message).toBe('unknown stripe event "financial_connections.account.refreshed_balanse"');
    expect((event.error as UsageError).hint).toContain("did you mean: financial_connections.account.refreshed_balance");
    const provider = await trigger("strpe", "customer.created");
    expect(provider.error).toBeInstanceOf(UsageError);
    expect((provider.error as UsageError).hint).toContain("did you mean stripe");
  });
});

describe("wh-sim list and secret", () => {
  it("lists all 265 Stripe events", async () => {
    const json = await capture(() => runList("stripe", { json: true }));
    expect(JSON.parse(json.stdout)).toHaveLength(265);
    const human = await capture(() => runList("stripe", {}));
    expect(human.stdout).toContain("stripe — Stripe (265 events)");
    expect(human.stdout).toMatch(/financial_connections\.account\.refreshed_balance\s+Occurs/);
  });

  it("prints the built-in test secret and new ones in whsec_ format", async () => {
    expect((await capture(() => runSecret("stripe", {}))).stdout.trim()).toBe(stripe.testSecret);
    const fresh = await capture(() => runSecret("stripe", { new: true, json: true }));
    expect(JSON.parse(fresh.stdout).secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
  });
});
