import { mkdtempSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordedRequestSchema } from "../../src/recording/parse.js";
import { hostileCorpus, type HostileCase } from "../helpers/hostile-corpus.js";
import { startListenCli } from "../helpers/listen-cli.js";

const SECRET = "whsec_whsimLocalTestSecretDoNotUse2026";
const MAX_BODY = 256 * 1024;
const stripeNode = new Stripe("sk_test_wh_sim");
const corpus = hostileCorpus(MAX_BODY);

/** Writes the case's bytes on a raw socket and resolves with everything the listener answered, once the connection is closed. */
function send(port: number, c: HostileCase): Promise<Buffer> {
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    const socket = connect(port, "127.0.0.1");
    socket.on("data", (d: Buffer) => received.push(d));
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(Buffer.concat(received)));
    socket.on("connect", async () => {
      for (const chunk of c.chunks) await new Promise((written) => socket.write(chunk, written));
      if (c.end === "reset") socket.resetAndDestroy();
      else socket.end();
    });
  });
}

describe(`listen survives a hostile corpus of ${corpus.length} cases: one line and one record per request, and a signed probe still verifies after each`, () => {
  const file = join(mkdtempSync(join(tmpdir(), "wh-sim-hostile-")), "hostile.ndjson");
  let listener: ReturnType<typeof startListenCli>;
  let port: number;
  let base: string;
  beforeAll(async () => {
    listener = startListenCli(["--json", "--record", file, "--max-body", String(MAX_BODY), "--request-timeout", "3000"]);
    base = await listener.ready;
    port = Number(new URL(base).port);
  });
  afterAll(() => listener.stop("SIGTERM"));

  it("holds at least 200 cases", () => expect(corpus.length).toBeGreaterThanOrEqual(200));

  it.each(corpus.map((c, i) => [c.name, c, i] as const))("%s", async (_name, c, i) => {
    const before = listener.lines().length;
    const answer = await send(port, c);
    if (c.answer) expect(answer.toString("latin1")).toMatch(c.answer);

    await listener.waitForLines(before + c.lines);
    const id = `evt_probe${String(i).padStart(4, "0")}`;
    const probe = JSON.stringify({ id, object: "event", type: "customer.created", data: { object: { object: "customer" } } });
    const response = await fetch(`${base}/probe`, {
      method: "POST",
      body: probe,
      headers: { "Stripe-Signature": stripeNode.webhooks.generateTestHeaderString({ payload: probe, secret: SECRET }) },
    });
    expect(response.status).toBe(200);
    await listener.waitForLine((line) => line.includes(`"id":"${id}"`));

    const lines = listener
      .lines()
      .slice(before)
      .map((line) => JSON.parse(line) as { id: string | null; status: number | null; note?: string; verdict: { status: string } });
    expect(lines.find((l) => l.id === id)).toMatchObject({ status: 200, verdict: { status: "valid" } });
    const reported = lines.filter((l) => l.id !== id);
    expect(reported.map((l) => l.note ?? "").join("\n")).not.toContain("listener error");
    expect(reported).toHaveLength(c.lines);
    if (c.statuses) expect(reported.map((l) => l.status)).toEqual(c.statuses);
  });

  it("a sender that resets its kept-alive connection after an answered request adds no ghost request", async () => {
    const before = listener.lines().length;
    await new Promise<void>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.on("error", () => undefined);
      socket.once("data", () => {
        socket.resetAndDestroy();
        resolve();
      });
      socket.write(`POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}`);
    });
    const probe = await fetch(`${base}/after-reset`, { method: "POST", body: "{}" });
    expect(probe.status).toBe(200);
    await listener.waitForLine((line) => line.includes("/after-reset"));
    expect(
      listener
        .lines()
        .slice(before)
        .map((l) => JSON.parse(l).path),
    ).toEqual(["/webhook", "/after-reset"]);
  });

  it("stops cleanly, with exactly one whole record per printed line", async () => {
    const printed = listener.lines().length;
    expect(await listener.stop("SIGTERM")).toBe(0);
    const recorded = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(recorded).toHaveLength(printed);
    for (const line of recorded) RecordedRequestSchema.parse(JSON.parse(line));
    expect(listener.stderr).not.toMatch(/\bat .*\.js:\d+|crashed/);
  });
});
