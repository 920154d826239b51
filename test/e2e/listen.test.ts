import { connect } from "node:net";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { Agent, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { RecordedRequestSchema } from "../../src/recording/parse.js";
import { runCli } from "../helpers/cli.js";
import { startListenCli } from "../helpers/listen-cli.js";
import { startTargetServer } from "../helpers/target-server.js";

const SECRET = "whsec_whsimLocalTestSecretDoNotUse2026";
const stripeNode = new Stripe("sk_test_wh_sim");
const event = JSON.stringify({ id: "evt_1Listen0000000001", object: "event", type: "customer.created", data: { object: { object: "customer" } } }, null, 2);
const signed = (body: string, secret = SECRET, timestamp = Math.floor(Date.now() / 1000)) =>
  stripeNode.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
const post = (url: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  request(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } }).then(async (r) => ({
    status: r.statusCode,
    body: await r.body.text(),
    headers: r.headers,
  }));

const running: ReturnType<typeof startListenCli>[] = [];
const listen = (args: string[] = [], env?: NodeJS.ProcessEnv) => {
  const l = startListenCli(args, env);
  running.push(l);
  return l;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.stop("SIGTERM")));
});

describe("wh-sim listen verifies with a reason", () => {
  it("shows a stripe-node-signed delivery as valid, and tampered / wrong-secret / stale ones as invalid", async () => {
    const l = listen(["--json"]);
    const base = await l.ready;
    const now = Math.floor(Date.now() / 1000);
    await post(`${base}/webhook`, event, { "Stripe-Signature": signed(event) });
    await post(`${base}/webhook`, event.replace("customer", "customes"), { "Stripe-Signature": signed(event) });
    await post(`${base}/webhook`, event, { "Stripe-Signature": signed(event, "whsec_other") });
    await post(`${base}/webhook`, event, { "Stripe-Signature": signed(event, SECRET, now - 400) });
    await post(`${base}/webhook`, event, { "Stripe-Signature": "v1=deadbeef" });
    await l.waitForLines(5);
    const [valid, tampered, wrong, stale, malformed] = l.lines().map((line) => JSON.parse(line));
    expect(valid).toMatchObject({ provider: "stripe", event: "customer.created", id: "evt_1Listen0000000001", verdict: { status: "valid" }, status: 200 });
    expect(tampered.verdict).toMatchObject({ status: "invalid", reason: "mismatch", hint: expect.stringContaining("re-serialised") });
    expect(wrong.verdict).toMatchObject({ status: "invalid", reason: "mismatch" });
    expect(stale.verdict).toMatchObject({ status: "invalid", reason: "stale", message: expect.stringMatching(/^signed 6 min 4\d s ago, tolerance 5 min$/) });
    expect(malformed.verdict).toMatchObject({ status: "invalid", reason: "malformed" });
  });

  it("uses --secret provider=secret, and prints one human line per request with the hint", async () => {
    const l = listen(["--secret", "stripe=whsec_custom"]);
    const base = await l.ready;
    expect(l.stderr).toMatch(/stripe +… +\(from --secret\)/);
    await post(`${base}/hook`, event, { "Stripe-Signature": signed(event, "whsec_custom") });
    await post(`${base}/hook`, event, { "Stripe-Signature": signed(event) });
    await l.waitForLines(3);
    const [first, second, hint] = l.lines();
    expect(first).toMatch(/^\d\d:\d\d:\d\d {2}stripe {2}customer\.created {2}evt_1Listen0000000001 {2}✔ valid {2}→ 200 {2}\d+ B$/);
    expect(second).toContain("✖ invalid: no v1 signature matches");
    expect(hint).toContain("hint: was the body re-serialised");
  });
});

describe("wh-sim listen shapes answers and forwards", () => {
  it("--status, --delay and --fail-rate shape the answer; --path restricts the endpoint", async () => {
    const l = listen(["--status", "503", "--delay", "50", "--path", "/stripe"]);
    const base = await l.ready;
    const started = performance.now();
    expect((await post(`${base}/stripe`, event, { "Stripe-Signature": signed(event) })).status).toBe(503);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect((await post(`${base}/other`, event)).status).toBe(404);
    await l.waitForLines(2);
    expect(l.lines()[1]).toContain("not /stripe");
    const failing = listen(["--fail-rate", "1"]);
    expect((await post(`${await failing.ready}/x`, event)).status).toBe(500);
  });

  it("--forward-to relays the exact bytes to an app that verifies with stripe-node, and returns its answer", async () => {
    const app = await startTargetServer(({ rawBody, headers }) => {
      try {
        const e = stripeNode.webhooks.constructEvent(rawBody, headers["stripe-signature"] as string, SECRET);
        return { status: 202, body: `accepted ${e.id}` };
      } catch (error) {
        return { status: 400, body: (error as Error).message };
      }
    });
    try {
      const l = listen(["--forward-to", app.url]);
      const base = await l.ready;
      const answer = await post(`${base}/webhook`, event, { "Stripe-Signature": signed(event), "X-Custom": "kept" });
      expect(answer).toMatchObject({ status: 202, body: "accepted evt_1Listen0000000001" });
      expect(app.received[0]!.rawBody.toString()).toBe(event);
      expect(app.received[0]!.headers["x-custom"]).toBe("kept");
      await l.waitForLines(1);
      expect(l.lines()[0]).toMatch(/✔ valid {2}→ 202 .*app 202 in \d+ ms/);
      // The app's refusal is shown with its reason: both sides of the relay.
      const refused = await post(`${base}/webhook`, event, { "Stripe-Signature": signed(event, "whsec_other") });
      expect(refused.status).toBe(400);
      await l.waitForLine((line) => line.includes("app said"));
      expect(l.lines()[1]).toMatch(/✖ invalid: .*→ 400 .*app 400 in \d+ ms/);
      expect(l.lines().slice(2).join("\n")).toContain("app said: No signatures found matching the expected signature");
    } finally {
      await app.close();
    }
  });

  it("answers 502 and says so when the app is down", async () => {
    const l = listen(["--forward-to", "http://127.0.0.1:9/down"]);
    const base = await l.ready;
    const answer = await post(`${base}/webhook`, event, { "Stripe-Signature": signed(event) });
    expect(answer.status).toBe(502);
    expect(answer.body).toContain("could not reach http://127.0.0.1:9/down");
    await l.waitForLines(1);
    expect(l.lines()[0]).toContain("app down: connection refused");
  });
});

describe("wh-sim listen never dies on bad input", () => {
  it("shows and answers malformed JSON, empty, binary and invalid UTF-8 bodies, huge headers and oversized bodies", async () => {
    const l = listen(["--body", "--max-body", "1kb"]);
    const base = await l.ready;
    expect((await post(`${base}/a`, "{not json")).status).toBe(200);
    expect((await post(`${base}/b`, "")).status).toBe(200);
    expect((await post(`${base}/c`, Buffer.from([0, 1, 2, 255, 254]))).status).toBe(200);
    expect((await post(`${base}/d`, Buffer.from([0x7b, 0xc3, 0x28, 0x7d]))).status).toBe(200);
    expect((await post(`${base}/e`, "x".repeat(5000))).status).toBe(413);
    const huge = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(base).port), "127.0.0.1", () =>
        socket.write(`POST /f HTTP/1.1\r\nHost: x\r\nX-Big: ${"y".repeat(40_000)}\r\n\r\n`),
      );
      let data = "";
      socket
        .on("data", (d) => (data += d))
        .on("close", () => resolve(data))
        .on("error", () => resolve(data));
    });
    expect(huge).toMatch(/^HTTP\/1\.1 431/);
    const garbage = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(base).port), "127.0.0.1", () => socket.write("NOT HTTP AT ALL\r\n\r\n"));
      let data = "";
      socket
        .on("data", (d) => (data += d))
        .on("close", () => resolve(data))
        .on("error", () => resolve(data));
    });
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    // Still answering afterwards, and every request was shown.
    expect((await post(`${base}/g`, event, { "Stripe-Signature": signed(event) })).status).toBe(200);
    await l.waitForLine((line) => line.includes("customer.created"));
    const out = l.stdout;
    expect(out).toContain("POST /a");
    expect(out).toContain("{not json");
    expect(out).toContain("(empty body)");
    expect(out).toContain("(binary, 5 bytes) 00 01 02 ff fe");
    expect(out).toContain("(binary, 4 bytes) 7b c3 28 7d");
    expect(out).toMatch(/POST \/e {2}body over --max-body \(1024 bytes\): not kept {2}→ 413 {2}4\.9 kB/);
    expect(out).toMatch(/malformed request: HPE_HEADER_OVERFLOW \(headers too large\) {2}→ 431/);
    expect(out).toMatch(/malformed request: HPE_INVALID_METHOD {2}→ 400/);
    expect(out).toMatch(/customer\.created .*✔ valid/);
  });

  it("answers a client that never finishes its request with 408 after --request-timeout, and shows it", async () => {
    const l = listen(["--request-timeout", "400"]);
    const base = await l.ready;
    const started = performance.now();
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(base).port), "127.0.0.1", () => socket.write("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"));
      let data = "";
      socket
        .on("data", (d) => (data += d))
        .on("close", () => resolve(data))
        .on("error", () => resolve(data));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(performance.now() - started).toBeLessThan(5000);
    await l.waitForLines(1);
    expect(l.lines()[0]).toMatch(/slow client: request not complete in time {2}→ 408/);
    expect((await post(`${base}/after`, event)).status).toBe(200);
  });

  it("exits 2, never crashes, on an unwritable recording or a forward target that is not a URL", async () => {
    const record = await runCli(["listen", "--port", "0", "--record", "/nonexistent-dir/x.ndjson"]);
    expect(record).toMatchObject({ code: 2, stderr: expect.stringContaining("cannot write the recording") });
    const forward = await runCli(["listen", "--port", "0", "--forward-to", "ftp://localhost/x"]);
    expect(forward).toMatchObject({ code: 2, stderr: expect.stringContaining("--forward-to needs an http(s) URL") });
  });

  it("exits 2 with a suggestion when the port is taken", async () => {
    const l = listen();
    const port = new URL(await l.ready).port;
    const run = await runCli(["listen", "--port", port]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(run.stderr).toContain(`--port ${Number(port) + 1}`);
  });
});

describe("wh-sim listen under load, recording, and stopping", () => {
  const dir = mkdtempSync(join(tmpdir(), "wh-sim-listen-"));

  it("SIGINT in the middle of a burst leaves only complete, parseable lines, and exits 0", async () => {
    const file = join(dir, "interrupt.ndjson");
    const l = listen(["--record", file, "--json"]);
    const base = await l.ready;
    const agent = new Agent({ connections: 32 });
    const burst = Array.from({ length: 400 }, (_, i) =>
      request(`${base}/burst/${i}`, { method: "POST", body: Buffer.alloc(2000, 97), dispatcher: agent }).then(
        (r) => r.body.dump(),
        () => undefined,
      ),
    );
    await l.waitForLines(50);
    const code = await l.stop("SIGINT");
    await Promise.all(burst);
    await agent.close();
    expect(code).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(50);
    for (const line of lines) expect(Buffer.from(RecordedRequestSchema.parse(JSON.parse(line)).body, "base64")).toHaveLength(2000);
  });

  it("replay sends the recorded bytes unchanged, and --resign makes a stale recording verify again", async () => {
    const file = join(dir, "replay.ndjson");
    const l = listen(["--record", file]);
    const base = await l.ready;
    const oldHeader = signed(event, SECRET, Math.floor(Date.now() / 1000) - 3600);
    await post(`${base}/webhook`, event, { "Stripe-Signature": oldHeader });
    await l.waitForLines(1);
    await l.stop();
    const app = await startTargetServer(({ rawBody, headers }) => {
      try {
        stripeNode.webhooks.constructEvent(rawBody, headers["stripe-signature"] as string, SECRET);
        return { status: 200 };
      } catch (error) {
        return { status: 400, body: (error as Error).message };
      }
    });
    try {
      const asIs = await runCli(["replay", file, "--url", app.url]);
      expect(asIs.code).toBe(1);
      expect(app.received[0]!.rawBody.toString()).toBe(event);
      expect(app.received[0]!.headers["stripe-signature"]).toBe(oldHeader);
      expect(asIs.stdout).toContain("Timestamp outside the tolerance zone");
      expect(asIs.stdout).toMatch(/note: signed (59 min|1 h) ago: outside Stripe's 5 min tolerance, so receivers reject it as a replay; add --resign/);
      const resigned = await runCli(["replay", file, "--url", app.url, "--resign", "--json"]);
      expect(resigned.code).toBe(0);
      expect(resigned.stdout).not.toContain("note:");
      expect(JSON.parse(resigned.stdout)).toMatchObject({ ok: true, status: 200, event: "customer.created" });
      expect(app.received[1]!.rawBody.toString()).toBe(event);
    } finally {
      await app.close();
    }
  });
});

describe("wh-sim demo", () => {
  it("exits 0 and shows every provider verified", async () => {
    const run = await runCli(["demo"]);
    expect(run.code).toBe(0);
    const { availableProviders } = await import("../../src/providers/registry.js");
    for (const id of availableProviders()) expect(run.stdout).toMatch(new RegExp(`  ${id}  .*✔ valid`));
    expect(run.stdout).toContain(`${availableProviders().length} of ${availableProviders().length} providers delivered, detected and verified`);
  });
});

describe("wh-sim listen, as people use it", () => {
  it("shows each provider's secret to copy, as the Stripe CLI does, masking the user's own", async () => {
    const l = listen(["--secret", "stripe=whsec_mySuperSecretValue123"]);
    await l.ready;
    expect(l.stderr).toContain("Ready! Your webhook signing secrets");
    expect(l.stderr).toMatch(/ {2}truv +wh_sim_truv_test_access_secret\n/);
    expect(l.stderr).toMatch(/ {2}stripe +whsec_my…e123 {2}\(from --secret\)\n/);
    expect(l.stderr).not.toContain("whsec_mySuperSecretValue123");
    const printed = await runCli(["listen", "--print-secret"]);
    expect(printed).toMatchObject({ code: 0, stdout: `${SECRET}\n` });
    expect(await runCli(["listen", "--print-secret", "truv"])).toMatchObject({ code: 0, stdout: "wh_sim_truv_test_access_secret\n" });
    expect(await runCli(["listen", "--print-secret", "plaid"])).toMatchObject({ code: 2, stderr: expect.stringContaining("key pair") });
    expect(await runCli(["listen", "--print-secret", "strpe"])).toMatchObject({ code: 2, stderr: expect.stringContaining("did you mean stripe") });
  });

  it("--events shows only those events, while every request is still answered and recorded", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "wh-sim-events-")), "all.ndjson");
    const l = listen(["--events", "invoice.*", "--record", file]);
    const base = await l.ready;
    const other = event.replace("customer.created", "invoice.paid");
    expect((await post(`${base}/a`, event, { "Stripe-Signature": signed(event) })).status).toBe(200);
    expect((await post(`${base}/b`, other, { "Stripe-Signature": signed(other) })).status).toBe(200);
    await l.waitForLines(1);
    await l.stop("SIGTERM");
    expect(l.lines()).toHaveLength(1);
    expect(l.lines()[0]).toContain("invoice.paid");
    expect(readFileSync(file, "utf8").trimEnd().split("\n")).toHaveLength(2);
  });

  it("-f localhost:PORT/x forwards to http://localhost:PORT/x, and TLS sent to it is named", async () => {
    const app = await startTargetServer(() => ({ status: 202 }));
    try {
      const l = listen(["-f", `localhost:${app.port}/x`]);
      const base = await l.ready;
      expect(l.stderr).toContain(`forwarding to http://localhost:${app.port}/x`);
      expect((await post(`${base}/in`, event)).status).toBe(202);
      const port = Number(new URL(base).port);
      await new Promise<void>((resolve) => {
        const socket = connect(port, "127.0.0.1", () => socket.end(Buffer.from("16030100a5010000a10303", "hex")));
        socket.on("data", () => undefined).on("close", () => resolve());
      });
      await l.waitForLine((line) => line.includes("TLS"));
      expect(l.lines().at(-1)).toContain("TLS (https://) sent to a plain-HTTP listener: send to http://");
    } finally {
      await app.close();
    }
  });
});
