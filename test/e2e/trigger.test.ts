import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startTargetServer } from "../helpers/target-server.js";

const stripeNode = new Stripe("sk_test_wh_sim");
const SECRET = "whsec_whsimLocalTestSecretDoNotUse2026";

describe("wh-sim trigger (spawned CLI)", () => {
  let app: Awaited<ReturnType<typeof startTargetServer>>;
  beforeAll(async () => {
    app = await startTargetServer(({ rawBody, headers, url }) => {
      if (url.includes("fail")) return { status: 500, body: "handler exploded: missing customer" };
      try {
        return { status: 200, body: stripeNode.webhooks.constructEvent(rawBody, headers["stripe-signature"] as string, SECRET).id };
      } catch (error) {
        return { status: 400, body: (error as Error).message };
      }
    });
  });
  afterAll(() => app.close());

  it.each(["financial_connections.account.refreshed_balance", "account.updated", "invoice.paid", "payout.failed"])(
    "delivers %s, which stripe-node accepts, and exits 0",
    async (event) => {
      const run = await runCli(["trigger", "stripe", event, "--url", app.url]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`✔ stripe ${event.replaceAll(".", "\\.")} evt_\\w+ → ${app.url} 200 OK \\d+ ms`));
    },
  );

  it("--json prints exactly one object on stdout", async () => {
    const run = await runCli(["trigger", "stripe", "customer.created", "--url", app.url, "--json"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ provider: "stripe", event: "customer.created", ok: true, status: 200, url: app.url });
  });

  it("--count sends distinct events, each accepted by stripe-node, with --concurrency in flight", async () => {
    const before = app.received.length;
    const run = await runCli(["trigger", "stripe", "invoice.paid", "--url", app.url, "--count", "40", "--concurrency", "8", "--json"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(40);
    expect(lines.every((l) => l.ok && l.status === 200)).toBe(true);
    expect(new Set(lines.map((l) => l.id)).size).toBe(40);
    expect(app.received.length - before).toBe(40);
    const seeded = (await runCli(["trigger", "stripe", "invoice.paid", "--count", "3", "--seed", "7", "--dry-run", "--json"])).stdout;
    expect((await runCli(["trigger", "stripe", "invoice.paid", "--count", "3", "--seed", "7", "--dry-run", "--json"])).stdout).toBe(seeded);
    expect(new Set(seeded.trim().split("\n").map((l) => JSON.parse(l).id)).size).toBe(3);
  });

  it("signs with both secrets when --secret is given twice, and sets Connect fields with --account", async () => {
    const next = app.nextRequest();
    const run = await runCli(["trigger", "stripe", "account.updated", "--url", app.url, "-s", "whsec_old", "-s", SECRET, "--account", "acct_1Connected0000001"]);
    expect(run.code).toBe(0);
    const request = await next;
    expect(String(request.headers["stripe-signature"]).match(/v1=/g)).toHaveLength(2);
    expect(JSON.parse(request.rawBody.toString())).toMatchObject({ account: "acct_1Connected0000001", context: "acct_1Connected0000001" });
  });

  it("--header adds or replaces headers but can never replace the signature", async () => {
    const next = app.nextRequest();
    const run = await runCli(["trigger", "stripe", "customer.created", "--url", app.url, "-H", "X-Tenant: acme", "-H", "user-agent: my-test", "-H", "Stripe-Signature: forged"]);
    expect(run.code).toBe(0);
    const { headers } = await next;
    expect(headers).toMatchObject({ "x-tenant": "acme", "user-agent": "my-test", "stripe-signature": expect.stringMatching(/^t=\d+,v1=/) });
  });

  it("exits 1 and shows the body when the endpoint answers 500", async () => {
    const run = await runCli(["trigger", "stripe", "customer.created", "--url", `${app.url}/fail`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("500 Internal Server Error");
    expect(run.stdout).toContain("handler exploded: missing customer");
    expect(run.stderr).toContain("expected 2xx, got 500");
  });

  it("exits 1 when --expect is not met, and 0 when it is", async () => {
    expect((await runCli(["trigger", "stripe", "customer.created", "--url", app.url, "--expect", "204"])).code).toBe(1);
    expect((await runCli(["trigger", "stripe", "customer.created", "--url", `${app.url}/fail`, "--expect", "5xx"])).code).toBe(0);
  });

  it("exits 1 with a hint when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    const run = await runCli(["trigger", "stripe", "customer.created", "--url", `http://localhost:${port}/webhook`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("nothing is listening");
    expect(run.stderr).toContain("wh-sim listen");
    expect(run.stderr).toContain("host.docker.internal");
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it("exits 1 on a timeout", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const { port } = silent.address() as AddressInfo;
    try {
      const run = await runCli(["trigger", "stripe", "customer.created", "--url", `http://127.0.0.1:${port}/`, "--timeout", "300"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("no response");
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it("exits 2 for a bad override path, bad --data JSON, a bad flag, or missing arguments without a TTY", async () => {
    const before = app.received.length;
    const override = await runCli(["trigger", "stripe", "customer.created", "-o", "data.objct.email=x", "--url", app.url]);
    expect(override).toMatchObject({ code: 2 });
    expect(override.stderr).toContain('has no object "objct"');
    const data = await runCli(["trigger", "stripe", "customer.created", "--data", "{not json", "--url", app.url]);
    expect(data.code).toBe(2);
    expect(data.stderr).toContain("--data is not valid JSON");
    expect((await runCli(["trigger", "stripe", "customer.created", "--bogus"])).code).toBe(2);
    const missing = await runCli(["trigger"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing the provider and event");
    // Nothing reached the app: a usage error sends nothing.
    expect(app.received.length).toBe(before);
  });

  it("--print curl gives a command whose bytes verify", async () => {
    const run = await runCli(["trigger", "stripe", "customer.created", "--print", "curl", "--url", app.url]);
    expect(run.code).toBe(0);
    // Async: the app answering curl runs in this process.
    const { execFile } = await import("node:child_process");
    const out = await new Promise<string>((resolve, reject) =>
      execFile("bash", ["-c", run.stdout], (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    expect(out).toMatch(/^evt_/);
  });
});
