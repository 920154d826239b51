import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { Agent, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { RecordedRequestSchema } from "../../src/recording/parse.js";
import { startListenCli } from "../helpers/listen-cli.js";

const SECRET = "whsec_whsimLocalTestSecretDoNotUse2026";
const stripeNode = new Stripe("sk_test_wh_sim");
const event = JSON.stringify({ id: "evt_1Listen0000000001", object: "event", type: "customer.created", data: { object: { object: "customer" } } }, null, 2);
const signed = (body: string) => stripeNode.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });

const running: ReturnType<typeof startListenCli>[] = [];
const listen = (args: string[]) => {
  const l = startListenCli(args);
  running.push(l);
  return l;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.stop("SIGTERM")));
});

describe("wh-sim listen under load", () => {
  const dir = mkdtempSync(join(tmpdir(), "wh-sim-listen-load-"));

  it("prints and records every one of 5,000 concurrent requests", async () => {
    const file = join(dir, "load.ndjson");
    const l = listen(["--json", "--record", file]);
    const base = await l.ready;
    const agent = new Agent({ connections: 128 });
    const header = signed(event);
    const statuses = await Promise.all(
      Array.from({ length: 5000 }, (_, i) =>
        request(`${base}/load/${i}`, { method: "POST", body: event, headers: { "Stripe-Signature": header }, dispatcher: agent }).then(async (r) => {
          await r.body.dump();
          return r.statusCode;
        }),
      ),
    );
    await agent.close();
    expect(statuses.filter((s) => s === 200)).toHaveLength(5000);
    await l.waitForLines(5000);
    expect(await l.stop("SIGINT")).toBe(0);
    const printed = l.lines().map((line) => JSON.parse(line));
    expect(new Set(printed.map((p) => p.path)).size).toBe(5000);
    expect(printed.every((p) => p.verdict.status === "valid")).toBe(true);
    const recorded = readFileSync(file, "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => RecordedRequestSchema.parse(JSON.parse(line)));
    expect(recorded).toHaveLength(5000);
    expect(Buffer.from(recorded[0]!.body, "base64").toString()).toBe(event);
    expect(l.stderr).toContain("SIGINT: stopped after 5000 requests, 5000 recorded");
  });
});
