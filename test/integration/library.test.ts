import { describe, expect, it } from "vitest";
import { listen, trigger } from "../../src/index.js";
import { startTargetServer } from "../helpers/target-server.js";

describe("the library's listen()", () => {
  it("forwards to the app under test, answers with its answer, and keeps what it received", async () => {
    const app = await startTargetServer(() => ({ status: 202, body: "queued" }));
    const hook = await listen({ forwardTo: app.url });
    try {
      const sent = await trigger("truv", "link-disconnected", { url: `${hook.url}/truv` });
      expect(sent).toMatchObject({ ok: true, status: 202 });
      expect(app.received).toHaveLength(1);
      expect(app.received[0]!.rawBody.toString()).toBe(sent.body);
      const received = await hook.waitFor({ provider: "truv" });
      expect(received).toMatchObject({ status: 202, verdict: { status: "valid" }, event: "link-disconnected" });
      expect(hook.received).toHaveLength(1);
    } finally {
      await hook.close();
      await app.close();
    }
  });

  it("waitFor rejects after its timeout, naming what did arrive", async () => {
    const hook = await listen({ secrets: { stripe: "whsec_mine" } });
    try {
      await trigger("stripe", "invoice.paid", { url: hook.url, secret: "whsec_mine" });
      expect((await hook.waitFor({ event: "invoice.paid" })).verdict.status).toBe("valid");
      await expect(hook.waitFor({ event: "payout.paid", timeoutMs: 50 })).rejects.toThrow(
        /no new payout\.paid request within 50 ms \(received: invoice\.paid evt_\w+ \(returned earlier\)\)/,
      );
    } finally {
      await hook.close();
    }
  });

  it("a forged delivery the app refuses is the app doing its job: the hint says to expect 4xx, not to fix the app", async () => {
    const app = await startTargetServer(() => ({ status: 401, body: "bad signature" }));
    try {
      const report = await trigger("stripe", "customer.created", { url: app.url, chaos: { wrongSecret: true } });
      expect(report).toMatchObject({ ok: false, status: 401 });
      expect(report.hint).toMatch(/forged this delivery on purpose \(wrong secret\).*add --expect 4xx/);
    } finally {
      await app.close();
    }
  });

  it("a typo given to trigger() says what was meant, in the message a test runner prints", async () => {
    await expect(trigger("stripe", "customer.creatd", { url: "http://127.0.0.1:9/x" })).rejects.toThrow(
      /unknown stripe event "customer\.creatd" \(did you mean: customer\.created/,
    );
  });

  it("trigger() reports a refused or unreachable delivery instead of throwing", async () => {
    const hook = await listen({ status: 401 });
    try {
      expect(await trigger("stripe", "customer.created", { url: hook.url })).toMatchObject({ ok: false, status: 401 });
      const gone = await trigger("stripe", "customer.created", { url: "http://127.0.0.1:9/x", timeoutMs: 2000 });
      expect(gone).toMatchObject({ ok: false, error: expect.stringContaining("connection refused") });
    } finally {
      await hook.close();
    }
  });

  it("trigger({ count, concurrency }) sends that many distinct events, each verified, with the CLI's checks", async () => {
    const hook = await listen();
    try {
      const result = await trigger("stripe", "customer.created", { url: hook.url, count: 5, concurrency: 2 });
      expect(result.deliveries).toHaveLength(5);
      expect(result.deliveries.every((d) => d.ok)).toBe(true);
      expect(new Set(result.deliveries.map((d) => d.id)).size).toBe(5);
      expect(hook.received).toHaveLength(5);
      expect(hook.received.every((r) => r.verdict.status === "valid")).toBe(true);
      // The same checks as the command line: a provider option for another provider is refused.
      await expect(trigger("stripe", "customer.created", { url: hook.url, options: { svix: true } })).rejects.toThrow(/--svix does not apply to stripe/);
    } finally {
      await hook.close();
    }
  });

  it("trigger({ retry }) retries a failing delivery on the schedule until it is accepted, each attempt signed anew", async () => {
    let calls = 0;
    const app = await startTargetServer(() => ({ status: ++calls < 3 ? 503 : 200, body: "" }));
    try {
      const result = await trigger("stripe", "customer.created", { url: app.url, retry: "0,10ms,10ms,10ms" });
      expect(result).toMatchObject({ ok: true, status: 200, attempt: 3 });
      expect(app.received).toHaveLength(3);
      expect(new Set(app.received.map((r) => r.headers["stripe-signature"])).size).toBe(3);
    } finally {
      await app.close();
    }
  });
});
