import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTrigger, type TriggerOptions } from "../../src/cli/commands/trigger.js";
import { DeliveryError, UsageError } from "../../src/lib/errors.js";
import { standard } from "../../src/providers/standard/index.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { capture } from "../helpers/capture.js";
import { startListenCli } from "../helpers/listen-cli.js";
import { startTargetServer } from "../helpers/target-server.js";
import { bridgeVerifier, plaidVerifier, standardVerifier, stripeVerifier, truvVerifier } from "../helpers/verifying-apps.js";

// Each chaos option, judged by the provider's own verifier: rejected for the reason it simulates
// (or accepted, where the provider's verifier accepts it, and said so).
const trigger = (provider: string, event: string, opts: Partial<TriggerOptions>) =>
  capture(() => runTrigger(provider, event, { expect: "2xx", timeout: 5000, count: 1, concurrency: 1, signature: true, ...opts }));
const lines = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** One chaos run against an app; resolves with what the app answered to each delivery. */
async function against(app: Awaited<ReturnType<typeof startTargetServer>>, provider: string, event: string, opts: Partial<TriggerOptions>) {
  const run = await trigger(provider, event, { url: app.url, json: true, ...opts });
  return { run, reports: lines(run.stdout) };
}

describe("chaos, judged by the providers' own verifiers", () => {
  const apps: Record<string, Awaited<ReturnType<typeof startTargetServer>>> = {};
  let listener: ReturnType<typeof startListenCli>;
  beforeAll(async () => {
    listener = startListenCli([]);
    const base = await listener.ready;
    apps.stripe = await startTargetServer(stripeVerifier(stripe.testSecret));
    apps.standard = await startTargetServer(standardVerifier(standard.testSecret));
    apps.truv = await startTargetServer(truvVerifier("wh_sim_truv_test_access_secret"));
    apps.bridge = await startTargetServer(bridgeVerifier("wh_sim_bridge_test_webhook_secret"));
    apps.plaid = await startTargetServer(plaidVerifier(base));
  });
  afterAll(async () => {
    await Promise.all(Object.values(apps).map((a) => a.close()));
    await listener.stop();
  });
  const said = (app: string, index = -1) => apps[app]!.received.at(index);

  it.each<[string, string, Partial<TriggerOptions>, RegExp]>([
    ["stripe", "customer.created", { stale: true }, /Timestamp outside the tolerance zone/],
    ["stripe", "customer.created", { tamper: true }, /No signatures found matching the expected signature/],
    ["stripe", "customer.created", { wrongSecret: true }, /No signatures found matching the expected signature/],
    ["stripe", "customer.created", { malformedSignature: true }, /Unable to extract timestamp and signatures from header/],
    ["stripe", "customer.created", { signature: false }, /No stripe-signature header value was provided/],
    ["standard", "invoice.paid", { stale: true }, /Message timestamp too old/],
    ["standard", "invoice.paid", { future: true }, /Message timestamp too new/],
    ["standard", "invoice.paid", { tamper: true }, /No matching signature found/],
    ["standard", "invoice.paid", { wrongSecret: true }, /No matching signature found/],
    ["standard", "invoice.paid", { malformedSignature: true }, /No matching signature found/],
    ["standard", "invoice.paid", { signature: false }, /Missing required headers/],
    ["standard", "invoice.paid", { stale: true, svix: true }, /Message timestamp too old/],
    ["plaid", "ITEM.ERROR", { stale: true }, /ERR_JWT_EXPIRED/],
    ["plaid", "ITEM.ERROR", { future: true }, /"iat" claim timestamp check failed \(it should be in the past\)/],
    ["plaid", "ITEM.ERROR", { tamper: true }, /body hash/],
    ["plaid", "ITEM.ERROR", { wrongSecret: true }, /signature verification failed/],
    ["plaid", "ITEM.ERROR", { unknownKid: true }, /key endpoint 400 INVALID_WEBHOOK_VERIFICATION_KEY_ID/],
    ["plaid", "ITEM.ERROR", { expiredKey: true }, /expired key/],
    ["plaid", "ITEM.ERROR", { malformedSignature: true }, /Invalid Token|JWS|Invalid/],
    ["truv", "link-disconnected", { tamper: true }, /bad signature/],
    ["truv", "link-disconnected", { wrongSecret: true }, /bad signature/],
    ["bridge", "item.account.updated", { tamper: true }, /bad signature/],
    ["bridge", "item.account.updated", { malformedSignature: true }, /invalid scheme/],
  ])("%s %s %j is rejected for that reason, and --expect 4xx makes it exit 0", async (provider, event, chaos, reason) => {
    const app = apps[provider]!;
    const before = app.received.length;
    const { run, reports } = await against(app, provider, event, { ...chaos, expect: "4xx" });
    expect(run.error).toBeUndefined();
    expect(app.received.length).toBe(before + 1);
    expect(reports[0]).toMatchObject({ ok: true, chaos: expect.any(Array) });
    expect(String(reports[0]!.status)).toMatch(/^4/);
    expect(reports[0]!.response_body ?? "").toBe("");
    // The app's reason, from its own verifier:
    expect(said(provider)!.answer).toMatch(reason);
  });

  it("stripe-node accepts a future t, and every provider accepts a rotation that includes its secret", async () => {
    expect((await against(apps.stripe!, "stripe", "customer.created", { future: true })).run.error).toBeUndefined();
    for (const [provider, event] of [
      ["stripe", "customer.created"],
      ["standard", "invoice.paid"],
      ["bridge", "item.account.updated"],
    ] as const) {
      const { run } = await against(apps[provider]!, provider, event, { rotate: true });
      expect(run.error).toBeUndefined();
    }
  });

  it("--duplicate 2 delivers the same message three times, each verifying, as the provider redelivers it", async () => {
    const stripeRun = await against(apps.stripe!, "stripe", "customer.created", { duplicate: 2 });
    expect(stripeRun.run.error).toBeUndefined();
    const stripeBodies = apps.stripe!.received.slice(-3).map((r) => r.rawBody.toString());
    expect(new Set(stripeBodies).size).toBe(1);
    expect(new Set(stripeRun.reports.map((r) => r.id)).size).toBe(1);
    expect(stripeRun.reports.map((r) => r.duplicate)).toEqual(["1/3", "2/3", "3/3"]);
    const standardRun = await against(apps.standard!, "standard", "invoice.paid", { duplicate: 2 });
    expect(standardRun.run.error).toBeUndefined();
    expect(new Set(apps.standard!.received.slice(-3).map((r) => r.headers["webhook-id"])).size).toBe(1);
    const plaidRun = await against(apps.plaid!, "plaid", "ITEM.ERROR", { duplicate: 2 });
    expect(plaidRun.run.error).toBeUndefined();
    expect(new Set(apps.plaid!.received.slice(-3).map((r) => r.rawBody.toString())).size).toBe(1);
    // Each copy is signed at its own, later signed time, as a provider's redelivery is: no two signatures alike.
    const times = (app: string, read: (headers: Record<string, string | string[] | undefined>) => number) =>
      apps[app]!.received.slice(-3).map((r) => read(r.headers));
    const stripeTimes = times("stripe", (h) => Number(/t=(\d+)/.exec(String(h["stripe-signature"]))![1]));
    const standardTimes = times("standard", (h) => Number(h["webhook-timestamp"]));
    const plaidTimes = times("plaid", (h) => JSON.parse(Buffer.from(String(h["plaid-verification"]).split(".")[1]!, "base64url").toString()).iat as number);
    for (const signed of [stripeTimes, standardTimes, plaidTimes]) expect(signed[0]! < signed[1]! && signed[1]! < signed[2]!, String(signed)).toBe(true);
    expect(new Set(apps.stripe!.received.slice(-3).map((r) => r.headers["stripe-signature"])).size).toBe(3);
    const truvRun = await against(apps.truv!, "truv", "link-disconnected", { duplicate: 2 });
    expect(truvRun.run.error).toBeUndefined();
    const truv = apps.truv!.received.slice(-3);
    expect(new Set(truv.map((r) => `${r.headers["x-webhook-sign"]}${r.rawBody}`)).size).toBe(1);
  });

  it("--signature-diagnostics: stripe-node 23.2 names the wrong secret or the changed body; older verifiers ignore the items; listen says the same", async () => {
    const Stripe22 = (await import("stripe-22")).default;
    const valid = await against(apps.stripe!, "stripe", "customer.created", { signatureDiagnostics: true });
    expect(valid.run.error).toBeUndefined();
    const sent = apps.stripe!.received.at(-1)!;
    const header = String(sent.headers["stripe-signature"]);
    expect(header).toMatch(/,secret=whsec_\*+2026,destination=we_[A-Za-z0-9]{24},payload=[0-9a-f]{8}$/);
    // stripe-node 22, which knows no diagnostics, still accepts the header.
    expect(() => new Stripe22("sk_test_x").webhooks.constructEvent(sent.rawBody, header, stripe.testSecret)).not.toThrow();
    const verdict = (body: Buffer, headers: Record<string, string | string[] | undefined>) =>
      stripe.verify(body, { "stripe-signature": String(headers["stripe-signature"]) }, { secrets: [stripe.testSecret], now: new Date() });

    await against(apps.stripe!, "stripe", "customer.created", { signatureDiagnostics: true, wrongSecret: true, expect: "4xx" });
    const forged = apps.stripe!.received.at(-1)!;
    expect(forged.answer).toMatch(
      /The signing secret you provided is 38 characters long and ends in `2026`\. However, the signing secret for this destination is \d+ characters long and looks like `whsec_\*+\w{4}`/,
    );
    expect(verdict(forged.rawBody, forged.headers)).toMatchObject({
      ok: false,
      reason: "mismatch",
      message: expect.stringMatching(/^signed with another secret: the sender's is \d+ characters and looks like whsec_\*+/),
    });

    await against(apps.stripe!, "stripe", "customer.created", { signatureDiagnostics: true, tamper: true, expect: "4xx" });
    const tampered = apps.stripe!.received.at(-1)!;
    expect(tampered.answer).toMatch(/differs from the request body sent by Stripe[\s\S]*should end in `[0-9a-f]{8}`/);
    expect(verdict(tampered.rawBody, tampered.headers)).toMatchObject({ ok: false, reason: "body-changed" });
  });

  it("refuses what a provider cannot do, saying why", async () => {
    const stale = await trigger("truv", "link-disconnected", { stale: true });
    expect(stale.error).toBeInstanceOf(UsageError);
    expect((stale.error as UsageError).hint).toContain("signs the body only");
    expect((await trigger("stripe", "customer.created", { unknownKid: true })).error).toBeInstanceOf(UsageError);
    expect((await trigger("plaid", "ITEM.ERROR", { rotate: true })).error).toBeInstanceOf(UsageError);
    expect((await trigger("truv", "link-disconnected", { rotate: true })).error).toBeInstanceOf(UsageError);
  });
});

describe("--retry", () => {
  it("against a handler that fails twice and then succeeds: three attempts, spaced as the schedule says, exit 0", async () => {
    let calls = 0;
    const app = await startTargetServer(() => (++calls <= 2 ? { status: 503, body: "down" } : { status: 200 }));
    try {
      const started = performance.now();
      const run = await trigger("stripe", "customer.created", { url: app.url, json: true, retry: "1s,2s,4s", retrySpeed: 10 });
      expect(run.error).toBeUndefined();
      const reports = lines(run.stdout);
      expect(reports.map((r) => [r.attempt, r.status])).toEqual([
        [1, 503],
        [2, 503],
        [3, 200],
      ]);
      const at = app.received.map((r) => r.at);
      expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(95);
      expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(195);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      const ids = new Set(app.received.map((r) => JSON.parse(r.rawBody.toString()).id));
      expect(ids.size).toBe(1);
      expect(new Set(app.received.map((r) => r.headers["stripe-signature"])).size).toBeGreaterThanOrEqual(1);
    } finally {
      await app.close();
    }
  });

  it("on Plaid's own schedule (compressed), until it answers 200", async () => {
    let calls = 0;
    const app = await startTargetServer(() => (++calls <= 3 ? { status: 204 } : { status: 200 }));
    try {
      const run = await trigger("plaid", "ITEM.ERROR", { url: app.url, json: true, retry: true, retrySpeed: 100_000 });
      expect(run.error).toBeUndefined();
      expect(lines(run.stdout).map((r) => r.attempt)).toEqual([1, 2, 3, 4]);
    } finally {
      await app.close();
    }
  });

  it("against a handler that always fails: exit 1 after the last attempt", async () => {
    const app = await startTargetServer(() => ({ status: 500, body: "always" }));
    try {
      const run = await trigger("standard", "invoice.paid", { url: app.url, json: true, retry: "0,0,0" });
      expect(run.error).toBeInstanceOf(DeliveryError);
      expect(lines(run.stdout)).toHaveLength(4);
      expect(app.received).toHaveLength(4);
    } finally {
      await app.close();
    }
  });

  it("stops when Svix's abort header says so, and refuses to guess a schedule Truv does not publish", async () => {
    const app = await startTargetServer(() => ({ status: 500, headers: { "webhook-delivery": "abort-message" } }));
    try {
      const run = await trigger("standard", "invoice.paid", { url: app.url, json: true, svix: true, retry: true, retrySpeed: 100_000 });
      expect(run.error).toBeInstanceOf(DeliveryError);
      expect(app.received).toHaveLength(1);
    } finally {
      await app.close();
    }
    const truv = await trigger("truv", "link-disconnected", { retry: true });
    expect((truv.error as UsageError).message).toBe("Truv publishes no retry schedule");
  });
});

describe("redirects", () => {
  it("are never followed (exit 1 with a hint), except by Truv, which documents following them", async () => {
    const final = await startTargetServer(() => ({ status: 200 }));
    const redirecting = await startTargetServer(() => ({ status: 302, headers: { location: final.url } }));
    try {
      const run = await trigger("stripe", "customer.created", { url: redirecting.url });
      expect(run.error).toBeInstanceOf(DeliveryError);
      expect((run.error as DeliveryError).hint).toContain(`the endpoint redirected to ${final.url}`);
      expect(final.received).toHaveLength(0);
      expect((await trigger("truv", "link-disconnected", { url: redirecting.url })).error).toBeUndefined();
      expect(final.received).toHaveLength(1);
    } finally {
      await final.close();
      await redirecting.close();
    }
  });
});
