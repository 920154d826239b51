// A real `artillery run` of the test `wh-sim export artillery` writes, against an app that checks
// every request with stripe-node. Artillery 2 needs Node ≥ 22.18 while wh-sim supports Node 20,
// so both come from the registry into a cache folder (the `node@22` package ships Node 22's
// binary); PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD because Artillery pulls in Playwright, whose browser
// download fails offline.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { stripe } from "../../src/providers/stripe/index.js";
import { runCli } from "../helpers/cli.js";
import { startTargetServer } from "../helpers/target-server.js";

const ROOT = resolve(import.meta.dirname, "../..");
const TOOLS = join(tmpdir(), "wh-sim-artillery-2-node-22");

function installArtillery(): { node: string; artillery: string } {
  const node = join(TOOLS, "node_modules/.bin/node");
  const artillery = join(TOOLS, "node_modules/artillery/bin/run");
  if (!existsSync(node) || !existsSync(artillery)) {
    mkdirSync(TOOLS, { recursive: true });
    const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--prefix", TOOLS, "artillery@2", "node@22"], {
      env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" },
      encoding: "utf8",
    });
    if (install.status !== 0) throw new Error(`npm install artillery@2 node@22 failed:\n${install.stderr}`);
  }
  return { node, artillery };
}

describe("Artillery runs wh-sim's processor", () => {
  it("every request is a fresh Stripe event that stripe-node accepts", async () => {
    const { node, artillery } = installArtillery();
    const stripeNode = new Stripe("sk_test_wh_sim");
    const ids = new Set<string>();
    const app = await startTargetServer(({ rawBody, headers }) => {
      try {
        const event = stripeNode.webhooks.constructEvent(rawBody, headers["stripe-signature"] as string, stripe.testSecret);
        ids.add(event.id);
        return { status: 200, body: event.type };
      } catch (error) {
        return { status: 400, body: (error as Error).message };
      }
    });
    try {
      const project = mkdtempSync(join(tmpdir(), "wh-sim-artillery-"));
      // The project's wh-sim is this checkout (built by test:slow), as `npm install wh-sim` would make it.
      mkdirSync(join(project, "node_modules"));
      symlinkSync(ROOT, join(project, "node_modules/wh-sim"));
      const exported = await runCli(["export", "artillery", "stripe", "invoice.paid", "--url", app.url, "--rate", "5", "--duration", "2", "--out", project]);
      expect(exported.code).toBe(0);
      // Spawned, not spawnSync: the app answering Artillery lives in this process.
      const run = await new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = spawn(node, [artillery, "run", "--output", "report.json", "wh-sim-load.yml"], {
          cwd: project,
          env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: "true", DO_NOT_TRACK: "1" },
          stdio: ["ignore", "ignore", "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d));
        child.on("close", (code) => done({ code, stderr }));
      });
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(project, "report.json"), "utf8")) as { aggregate: { counters: Record<string, number> } };
      const counters = report.aggregate.counters;
      expect(counters["http.codes.200"]).toBe(10);
      expect(counters["vusers.failed"] ?? 0).toBe(0);
      expect(app.received.map((r) => r.answer)).toEqual(Array(10).fill("invoice.paid"));
      expect(ids.size).toBe(10);
    } finally {
      await app.close();
    }
  }, 300_000);
});
