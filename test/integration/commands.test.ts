import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runList } from "../../src/cli/commands/list.js";
import { runReplay, type ReplayOptions } from "../../src/cli/commands/replay.js";
import { runSecret } from "../../src/cli/commands/secret.js";
import { runSign } from "../../src/cli/commands/sign.js";
import { runTrigger, type TriggerOptions } from "../../src/cli/commands/trigger.js";
import { runVerify } from "../../src/cli/commands/verify.js";
import { deliver } from "../../src/http/deliver.js";
import { DeliveryError, UsageError } from "../../src/lib/errors.js";
import { startListener } from "../../src/listen/server.js";
import { setUpVerifiers } from "../../src/listen/setup.js";
import { toRecordedRequest } from "../../src/recording/format.js";
import { Recorder } from "../../src/recording/recorder.js";
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
const stripeNode = new Stripe("sk_test_wh_sim");
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
  beforeAll(async () => {
    app = await startTargetServer(({ rawBody, headers }) => {
      if (!headers["stripe-signature"]) return { status: 200, body: "ok" };
      try {
        return { status: 200, body: stripeNode.webhooks.constructEvent(rawBody, headers["stripe-signature"] as string, stripe.testSecret).id };
      } catch (error) {
        return { status: 400, body: (error as Error).message };
      }
    });
  });
  afterAll(() => app.close());

  it.each(["account.updated", "invoice.paid", "payout.failed"])("delivers %s, which stripe-node accepts, with a one-line report", async (event) => {
    const run = await trigger("stripe", event, { url: app.url });
    expect(run.error).toBeUndefined();
    expect(run.stdout).toMatch(new RegExp(`^✔ stripe ${event.replaceAll(".", "\\.")} evt_\\w+ → ${app.url} 200 OK \\d+ ms\n$`));
  });

  it("--duration with --rate sends evenly spaced distinct events until the time is up, and sums up the run", async () => {
    const before = app.received.length;
    const run = await trigger("stripe", "customer.created", { url: app.url, duration: 0.5, rate: 20, concurrency: 4 });
    expect(run.error).toBeUndefined();
    const received = app.received.slice(before);
    // 20/s for 0.5 s: the starts scheduled at 0, 50, …, 450 ms (the spacing itself is unit-tested on a fake clock).
    expect(received.length).toBe(10);
    expect(new Set(received.map((r) => JSON.parse(r.rawBody.toString()).id)).size).toBe(received.length);
    // Sized, as providers send it: never chunked.
    expect(received.every((r) => r.headers["content-length"] === String(r.rawBody.length) && !r.headers["transfer-encoding"])).toBe(true);
    const n = received.length;
    expect(run.stderr).toMatch(
      new RegExp(`${n} of ${n} deliveries met --expect 2xx · 200 ×${n} · \\d+ events/s · p50 \\d+ ms, p90 \\d+ ms, p99 \\d+ ms, max \\d+ ms`),
    );
  });

  it("shows a failed delivery's answer under it, its last line break not shown as an empty line", async () => {
    const refusing = await startTargetServer(() => ({ status: 409, body: "already processed\nsee the log\n" }));
    try {
      const run = await trigger("stripe", "customer.created", { url: refusing.url });
      expect(run.error).toBeInstanceOf(DeliveryError);
      expect(run.stdout).toMatch(/409 Conflict \d+ ms\n {4}already processed\n {4}see the log\n$/);
    } finally {
      await refusing.close();
    }
  });

  it("a bulk run names a timeout as a timeout", async () => {
    const silent = await startTargetServer(() => new Promise<never>(() => undefined));
    try {
      const run = await trigger("stripe", "customer.created", { url: silent.url, count: 3, concurrency: 2, timeout: 300 });
      expect(run.error).toBeInstanceOf(DeliveryError);
      expect((run.error as DeliveryError).message).toMatch(/3 of 3 deliveries failed \(first: no response from .* within 300 ms\)/);
    } finally {
      await silent.close();
    }
  });

  it("--count sends distinct events, each accepted by stripe-node, with --concurrency in flight", async () => {
    const before = app.received.length;
    const run = await trigger("stripe", "invoice.paid", { url: app.url, count: 40, concurrency: 8, json: true });
    expect(run.error).toBeUndefined();
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(40);
    expect(lines.every((l) => l.ok && l.status === 200)).toBe(true);
    expect(new Set(lines.map((l) => l.id)).size).toBe(40);
    expect(app.received.length - before).toBe(40);
    const seeded = (await trigger("stripe", "invoice.paid", { count: 3, seed: "7", dryRun: true, json: true })).stdout;
    expect((await trigger("stripe", "invoice.paid", { count: 3, seed: "7", dryRun: true, json: true })).stdout).toBe(seeded);
    expect(
      new Set(
        seeded
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l).id),
      ).size,
    ).toBe(3);
  });

  it("signs with both secrets when --secret is given twice, and sets Connect fields with --account", async () => {
    const next = app.nextRequest();
    const run = await trigger("stripe", "account.updated", { url: app.url, secret: ["whsec_old", stripe.testSecret], account: "acct_1Connected0000001" });
    expect(run.error).toBeUndefined();
    const request = await next;
    expect(String(request.headers["stripe-signature"]).match(/v1=/g)).toHaveLength(2);
    expect(JSON.parse(request.rawBody.toString())).toMatchObject({ account: "acct_1Connected0000001", context: "acct_1Connected0000001" });
  });

  it("--header adds or replaces headers but can never replace the signature", async () => {
    const next = app.nextRequest();
    const run = await trigger("stripe", "customer.created", { url: app.url, header: ["X-Tenant: acme", "user-agent: my-test", "Stripe-Signature: forged"] });
    expect(run.error).toBeUndefined();
    const { headers } = await next;
    expect(headers).toMatchObject({ "x-tenant": "acme", "user-agent": "my-test", "stripe-signature": expect.stringMatching(/^t=\d+,v1=/) });
  });

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

describe("wh-sim trigger against an endless answer", () => {
  it("reports the status truthfully and keeps only the start of a 1 GiB body", async () => {
    let written = 0;
    let answerClosed: (early: boolean) => void = () => undefined;
    const closedEarly = new Promise<boolean>((resolve) => (answerClosed = resolve));
    const server = createServer((_req, res) => {
      res.writeHead(500, { "content-type": "text/plain", "content-length": String(1024 ** 3) });
      const chunk = Buffer.alloc(64 * 1024, 120);
      const pump = () => {
        while (written < 1024 ** 3 && res.write(chunk)) written += chunk.length;
      };
      res.on("drain", pump).on("close", () => answerClosed(written < 1024 ** 3));
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const run = await trigger("stripe", "customer.created", { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
      expect(run.error).toBeInstanceOf(DeliveryError);
      expect((run.error as DeliveryError).message).toBe("expected 2xx, got 500");
      expect(run.stdout).toContain("500 Internal Server Error");
      expect(run.stdout).toContain("… (the answer goes on)");
      expect(await closedEarly).toBe(true);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("wh-sim list and secret", () => {
  it("lists all 275 Stripe events, and the thin ones marked thin", async () => {
    const json = await capture(() => runList("stripe", { json: true }));
    const rows = JSON.parse(json.stdout) as { name: string; flags?: string[] }[];
    expect(rows.filter((r) => !r.flags?.includes("thin"))).toHaveLength(275);
    expect(rows.find((r) => r.name === "v2.core.account.created")?.flags).toEqual(["thin"]);
    const human = await capture(() => runList("stripe", {}));
    expect(human.stdout).toMatch(/stripe — Stripe \(275 events and 3\d\d thin ones\)/);
    expect(human.stdout).toMatch(/Thin events \(v2\)[^\n]*\n {4}v1\.account\.application\.authorized +.*\[thin\]/);
    expect(human.stdout).toMatch(/financial_connections\.account\.refreshed_balance\s+Occurs/);
  });

  it("prints the built-in test secret and new ones in whsec_ format", async () => {
    expect((await capture(() => runSecret("stripe", {}))).stdout.trim()).toBe(stripe.testSecret);
    const fresh = await capture(() => runSecret("stripe", { new: true, json: true }));
    expect(JSON.parse(fresh.stdout).secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
  });
});

describe("wh-sim replay selection", () => {
  it("--index and --filter pick requests from a listener's recording; nothing selected is a usage error", async () => {
    const recording = join(dir, "two.ndjson");
    const recorder = new Recorder(recording);
    const verifiers = await setUpVerifiers(undefined, {});
    const listener = await startListener({
      port: 0,
      known: verifiers.known,
      onRequest: (r) => recorder.append(toRecordedRequest(r)),
    });
    const event = JSON.stringify({ id: "evt_1", object: "event", type: "customer.created", data: { object: { object: "customer" } } });
    const other = event.replace("customer.created", "invoice.paid");
    const sign = (body: string) => ({ "Stripe-Signature": stripeNode.webhooks.generateTestHeaderString({ payload: body, secret: stripe.testSecret }) });
    await deliver({ url: `${listener.url}/a`, body: event, headers: sign(event), timeoutMs: 5000 });
    await deliver({ url: `${listener.url}/b`, body: other, headers: sign(other), timeoutMs: 5000 });
    await listener.close();
    recorder.close();
    const app = await startTargetServer();
    const replay = (opts: Partial<ReplayOptions>, file = recording) => capture(() => runReplay(file, { expect: "2xx", timeout: 5000, ...opts }));
    try {
      expect((await replay({ url: app.url, index: 1 })).error).toBeUndefined();
      expect(app.received.map((r) => r.rawBody.toString())).toEqual([other]);
      expect((await replay({ url: app.url, filter: "customer.created" })).error).toBeUndefined();
      expect(app.received.at(-1)!.rawBody.toString()).toBe(event);
      // --index counts among what --filter kept: the first invoice.paid is index 0, though it is the second request.
      expect((await replay({ url: app.url, filter: "invoice.paid", index: 0 })).error).toBeUndefined();
      expect(app.received.at(-1)!.rawBody.toString()).toBe(other);
      expect((await replay({ url: app.url, filter: "customer.created" })).error).toBeUndefined();
      expect(app.received.at(-1)!.rawBody.toString()).toBe(event);
      const none = await replay({ filter: "payout.paid" });
      expect(none.error).toBeInstanceOf(UsageError);
      expect((none.error as UsageError).message).toContain("nothing to replay");
      const copies = await replay({ url: app.url, index: 1, duplicate: 2, json: true });
      expect(
        copies.stdout
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l).duplicate),
      ).toEqual(["1/3", "2/3", "3/3"]);
      expect(app.received.slice(-3).map((r) => r.rawBody.toString())).toEqual([other, other, other]);
      const tampered = await replay({ url: app.url, index: 1, tamper: true, json: true });
      expect(JSON.parse(tampered.stdout)).toMatchObject({ chaos: ["tampered"] });
      expect(app.received.at(-1)!.rawBody.toString()).toBe(`{ ${other.slice(1)}`);
      const bad = await replay({}, file("bad.ndjson", '{"v":2}\n'));
      expect(bad.error).toBeInstanceOf(UsageError);
      expect((bad.error as UsageError).message).toContain("bad.ndjson:1");
    } finally {
      await app.close();
    }
  });
});
