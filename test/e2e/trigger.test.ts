import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runCli } from "../helpers/cli.js";
import { startTargetServer } from "../helpers/target-server.js";
import { has } from "../helpers/system-tools.js";

const stripeNode = new Stripe("sk_test_wh_sim");
const SECRET = "whsec_whsimLocalTestSecretDoNotUse2026";

const LOAD_TRACE = fileURLToPath(new URL("../helpers/load-trace.mjs", import.meta.url));

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

  // More events, flags and their effects are checked in-process (test/integration/commands.test.ts).
  it.each(["financial_connections.account.refreshed_balance"])("delivers %s, which stripe-node accepts, and exits 0", async (event) => {
    const run = await runCli(["trigger", "stripe", event, "--url", app.url]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`✔ stripe ${event.replaceAll(".", "\\.")} evt_\\w+ → ${app.url} 200 OK \\d+ ms`));
  });

  it("loads only what a plain delivery needs: no TLS, no undici, no colours in a pipe, no performance timers", async () => {
    const trace = join(mkdtempSync(join(tmpdir(), "wh-sim-trace-")), "loaded.txt");
    const run = await runCli(["trigger", "stripe", "customer.created", "--url", app.url], {
      env: { NODE_OPTIONS: `--import ${pathToFileURL(LOAD_TRACE).href}`, WH_SIM_LOAD_TRACE: trace },
    });
    expect(run.code).toBe(0);
    const loaded = readFileSync(trace, "utf8").split("\n");
    expect(loaded).toContain("node:net");
    expect(loaded).toContain("node:crypto");
    for (const unwanted of ["node:tls", "node:https", "node:_http_client", "node:perf_hooks"]) expect(loaded).not.toContain(unwanted);
    expect(loaded.filter((m) => /node_modules\/(undici|zod|chalk|yaml|@inquirer)\//.test(m))).toEqual([]);
  });

  it("a bulk run over threads sends every event once, each valid, and tallies them all", async () => {
    const before = app.received.length;
    const run = await runCli(["trigger", "stripe", "customer.created", "--count", "600", "--concurrency", "8", "--threads", "3", "--json", "--url", app.url]);
    expect(run.code).toBe(0);
    const reports = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: string; ok: boolean });
    expect(reports).toHaveLength(600);
    expect(new Set(reports.map((r) => r.id)).size).toBe(600);
    expect(reports.every((r) => r.ok)).toBe(true);
    // The app answered each with the id stripe-node verified.
    expect(new Set(app.received.slice(before).map((r) => r.answer)).size).toBe(600);
    const failing = await runCli([
      "trigger",
      "stripe",
      "customer.created",
      "--count",
      "300",
      "--concurrency",
      "6",
      "--threads",
      "3",
      "--url",
      `${app.url}/fail`,
    ]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/300 of 300 deliveries failed/);
    expect(failing.stderr).toMatch(/500 ×300/);
  });

  it("a bulk run over threads sends the --payload read from stdin, which only the main thread can read", async () => {
    const before = app.received.length;
    const payload = JSON.stringify({ id: "evt_fromStdin0000000001", object: "event", type: "customer.created", data: { object: { id: "cus_x" } } });
    const run = await runCli(
      ["trigger", "stripe", "customer.created", "--payload", "-", "--count", "300", "--concurrency", "6", "--threads", "3", "--url", app.url],
      {
        input: payload,
      },
    );
    expect(run.stderr).toMatch(/300 of 300 deliveries met --expect 2xx/);
    expect(run.code).toBe(0);
    expect(new Set(app.received.slice(before).map((r) => r.rawBody.toString()))).toEqual(new Set([payload]));
  });

  it("a seeded bulk run sends the same bytes however many threads share it", async () => {
    // Signed now, the same second for both runs (a seed alone dates events in the past: stale to stripe-node).
    const at = String(Math.floor(Date.now() / 1000));
    const bodies = async (threads: string) => {
      const before = app.received.length;
      const run = await runCli([
        "trigger",
        "stripe",
        "invoice.paid",
        "--seed",
        "7",
        "--at",
        at,
        "--count",
        "30",
        "--concurrency",
        "4",
        "--threads",
        threads,
        "--url",
        app.url,
      ]);
      expect(run.code).toBe(0);
      return app.received
        .slice(before)
        .map((r) => r.rawBody.toString())
        .sort();
    };
    expect(await bodies("3")).toEqual(await bodies("1"));
  });

  it("list loads the providers' catalogues only: no signing code, no crypto", async () => {
    const trace = join(mkdtempSync(join(tmpdir(), "wh-sim-trace-")), "loaded.txt");
    const run = await runCli(["list"], { env: { NODE_OPTIONS: `--import ${pathToFileURL(LOAD_TRACE).href}`, WH_SIM_LOAD_TRACE: trace } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("stripe — Stripe");
    const loaded = readFileSync(trace, "utf8").split("\n");
    expect(loaded).not.toContain("node:crypto");
    expect(loaded.filter((m) => /\/dist\/bundle\/(stripe|plaid|truv|bridge|standard)-/.test(m))).toEqual([]);
  });

  it("--json prints exactly one object on stdout", async () => {
    const run = await runCli(["trigger", "stripe", "customer.created", "--url", app.url, "--json"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ provider: "stripe", event: "customer.created", ok: true, status: 200, url: app.url });
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
    expect(override.stderr).toContain('data has no "objct"');
    expect(override.stderr).toContain("did you mean object?");
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

  it.runIf(has("curl"))("--print curl gives a command whose bytes verify", async () => {
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
