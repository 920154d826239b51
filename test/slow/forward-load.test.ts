import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";
import { startListenCli } from "../helpers/listen-cli.js";

const FLOOD = fileURLToPath(new URL("../helpers/flood.mjs", import.meta.url));
const SECRET = "whsec_whsimLocalTestSecretDoNotUse2026";
const stripeNode = new Stripe("sk_test_wh_sim");
// 20,000 senders at once; a listener holds one file descriptor per sender, so on a machine whose
// hard limit is 20,000 descriptors per process, a few hundred fewer (else the kernel, not wh-sim,
// resets the connections past the limit).
const FD_LIMIT = Number(spawnSync("bash", ["-c", "ulimit -Hn"], { encoding: "utf8" }).stdout.trim()) || Infinity;
const SENDERS = 2;
const PER_SENDER = Math.min(10_000, Math.floor((FD_LIMIT - 400) / SENDERS));

/** Runs one flood process and resolves with its tally. */
function flood(url: string, body: string): Promise<{ statuses: Record<string, number>; errors: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    const header = stripeNode.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
    const child = spawn(process.execPath, [FLOOD, url, String(PER_SENDER), body, header], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`flood exited ${code}`))));
  });
}

describe(`listen --forward-to under ${SENDERS * PER_SENDER} concurrent deliveries`, () => {
  let open = 0;
  let mostOpen = 0;
  const app = createServer((req, res) => {
    req.resume().on("end", () => res.writeHead(202).end("accepted"));
  });
  app.on("connection", (socket) => {
    mostOpen = Math.max(mostOpen, ++open);
    socket.on("close", () => open--);
  });
  afterAll(() => app.close());

  it("every sender gets the app's answer, every request is one line, and the app sees a bounded pool", async () => {
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const target = `http://127.0.0.1:${(app.address() as AddressInfo).port}/hook`;
    const listener = startListenCli(["--json", "--forward-to", target, "--timeout", "60000"]);
    const base = await listener.ready;
    const body = JSON.stringify({ id: "evt_1Flood000000001", object: "event", type: "customer.created", data: { object: {} } });
    const results = await Promise.all(Array.from({ length: SENDERS }, () => flood(`${base}/webhook`, body)));
    const statuses: Record<string, number> = {};
    const errors: Record<string, number> = {};
    for (const r of results) {
      for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
      for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
    }
    expect({ statuses, errors, warnings: listener.stderr.match(/warning: .*/g) ?? [] }).toEqual({
      statuses: { 202: SENDERS * PER_SENDER },
      errors: {},
      warnings: [],
    });
    await listener.waitForLines(SENDERS * PER_SENDER);
    expect(await listener.stop("SIGTERM")).toBe(0);
    const lines = listener.lines().map((l) => JSON.parse(l) as { status: number; verdict: { status: string } });
    expect(lines).toHaveLength(SENDERS * PER_SENDER);
    expect(lines.every((l) => l.status === 202 && l.verdict.status === "valid")).toBe(true);
    expect(mostOpen).toBeLessThanOrEqual(128);
  });
});
