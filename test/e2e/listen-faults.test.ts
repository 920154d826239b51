import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { RecordedRequestSchema } from "../../src/recording/parse.js";
import { BIN, runCli } from "../helpers/cli.js";
import { has } from "../helpers/system-tools.js";
import { startListenCli, type ListenLimits } from "../helpers/listen-cli.js";

const SECRET = "whsec_whsimLocalTestSecretDoNotUse2026";
const stripeNode = new Stripe("sk_test_wh_sim");
const event = (type = "customer.created", id = "evt_1Faults00000001") =>
  JSON.stringify({ id, object: "event", type, data: { object: { object: "customer" } } }, null, 2);
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    body,
    headers: { "Stripe-Signature": stripeNode.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }), ...headers },
  });
const STACK = /\bat .*\.js:\d+|crashed/;
const dir = mkdtempSync(join(tmpdir(), "wh-sim-faults-"));

const running: ReturnType<typeof startListenCli>[] = [];
const listen = (args: string[], env: NodeJS.ProcessEnv = {}, limits: ListenLimits = {}) => {
  const l = startListenCli(args, env, limits);
  running.push(l);
  return l;
};
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.stop("SIGKILL")));
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});
async function app(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/app`;
}

describe("recording faults end in a clear message and nothing partial", () => {
  it("--record /dev/full: says so at once, keeps answering, and exits 1 with a truthful summary", async () => {
    const l = listen(["--record", "/dev/full"]);
    const base = await l.ready;
    expect((await post(`${base}/a`, event())).status).toBe(200);
    await l.waitForStderr(/recording stopped/);
    expect(l.stderr).toContain("recording stopped: cannot write to /dev/full (ENOSPC: no space left on the device); 0 requests recorded before that");
    expect((await post(`${base}/b`, event())).status).toBe(200);
    await l.waitForLines(2);
    expect(await l.stop("SIGTERM")).toBe(1);
    expect(l.stderr).toMatch(/SIGTERM: stopped after 2 requests, 0 recorded to \/dev\/full \(recording stopped/);
    expect(l.stderr).not.toMatch(STACK);
  });

  it("a recording deleted mid-run is noticed, not silently lost", async () => {
    const file = join(dir, "deleted.ndjson");
    const l = listen(["--record", file]);
    const base = await l.ready;
    await post(`${base}/a`, event());
    await l.waitForLines(1);
    rmSync(file);
    await post(`${base}/b`, event());
    await l.waitForStderr(/recording stopped/);
    expect(l.stderr).toContain(`cannot write to ${file} (the file was deleted); 1 request recorded before that`);
    expect(await l.stop("SIGTERM")).toBe(1);
    expect(l.stderr).toContain(`stopped after 2 requests, 1 recorded to ${file}`);
  });

  it("a file that fills up mid-line (a file size limit) keeps only whole lines, and the summary counts them", async () => {
    const file = join(dir, "full.ndjson");
    const l = listen(["--record", file], {}, { fileSizeKb: 8 });
    const base = await l.ready;
    for (let i = 0; !/recording stopped/.test(l.stderr) && i < 100; i++) {
      await post(`${base}/${i}`, event("customer.created", `evt_1Full${String(i).padStart(10, "0")}`));
      await l.waitForLines(i + 1);
    }
    expect(l.stderr).toMatch(/recording stopped: cannot write to .*full\.ndjson \(EFBIG/);
    expect(await l.stop("SIGTERM")).toBe(1);
    const text = readFileSync(file, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.trimEnd().split("\n");
    for (const line of lines) RecordedRequestSchema.parse(JSON.parse(line));
    expect(l.stderr).toContain(`, ${lines.length} recorded to ${file}`);
  });
});

describe("a closed stdout ends a command quietly", () => {
  /** Runs wh-sim with its stdout piped into `head -1`; resolves with wh-sim's exit code and stderr. */
  function intoHead(args: string[], afterStart?: (stderr: () => string) => Promise<void>) {
    return new Promise<{ code: number | null; stderr: string; head: string }>((resolve) => {
      const head = spawn("head", ["-1"], { stdio: ["pipe", "pipe", "ignore"] });
      let headOut = "";
      head.stdout.on("data", (d) => (headOut += d));
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", head.stdin, "pipe"], env: { ...process.env, NO_COLOR: "1" } });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) => resolve({ code, stderr, head: headOut }));
      void afterStart?.(() => stderr);
    });
  }

  it("listen --json | head -1 stops, flushes the recording and exits 0", async () => {
    const file = join(dir, "pipe.ndjson");
    const result = await intoHead(["listen", "--port", "0", "--json", "--record", file], async (stderr) => {
      while (!/listening on (http:\/\/[\d.:]+)/.test(stderr())) await new Promise((r) => setImmediate(r));
      const base = /listening on (http:\/\/[\d.:]+)/.exec(stderr())![1]!;
      // Keep sending until the listener notices nobody reads its output.
      for (let i = 0; i < 50; i++) if ((await post(`${base}/x${i}`, event()).catch(() => undefined)) === undefined) break;
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.head)).toMatchObject({ event: "customer.created" });
    expect(result.stderr).toContain("stdout closed: stopped after");
    expect(result.stderr).not.toMatch(STACK);
    for (const line of readFileSync(file, "utf8").trimEnd().split("\n")) RecordedRequestSchema.parse(JSON.parse(line));
  });

  it("trigger --count 200 --json | head -1 and list | head -1 exit 0 without a stack", async () => {
    const url = await app((_req, res) => res.end("ok"));
    const trigger = await intoHead(["trigger", "stripe", "customer.created", "--count", "200", "--json", "--url", url]);
    expect(trigger).toMatchObject({ code: 0 });
    expect(JSON.parse(trigger.head)).toMatchObject({ ok: true });
    expect(trigger.stderr).not.toMatch(STACK);
    const list = await intoHead(["list"]);
    expect(list.code).toBe(0);
    expect(list.stderr).toBe("");
  });

  it.runIf(has("python3"))("list --json into a pipe that cannot take it all at once (non-blocking, full) arrives whole", async () => {
    // Python hands wh-sim a non-blocking pipe (Node would make it blocking) and reads it only once
    // it is full: wh-sim's direct write meets EAGAIN and the rest goes through the stream.
    const script = [
      "import fcntl, os, subprocess, sys, termios, array",
      "r, w = os.pipe()",
      "fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)",
      "child = subprocess.Popen(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)",
      "os.close(w)",
      "size = fcntl.fcntl(r, 1032)  # F_GETPIPE_SZ: the pipe's capacity",
      "waiting = array.array('i', [0])",
      "while waiting[0] < size and child.poll() is None: fcntl.ioctl(r, termios.FIONREAD, waiting, True)",
      "out = b''",
      "while True:",
      "  chunk = os.read(r, 1 << 16)",
      "  if not chunk: break",
      "  out += chunk",
      "err = child.stderr.read()",
      "sys.stdout.write(str(waiting[0] >= size) + ' ' + str(child.wait()) + ' ' + str(len(out)) + '\\n')",
      "sys.stderr.buffer.write(err)",
      "open(os.environ['OUT'], 'wb').write(out)",
    ].join("\n");
    const file = join(dir, "list.json");
    const result = await new Promise<{ report: string; stderr: string }>((resolve) => {
      const python = spawn("python3", ["-c", script, process.execPath, BIN, "list", "--json"], { env: { ...process.env, OUT: file } });
      let report = "";
      let stderr = "";
      python.stdout.on("data", (d) => (report += d));
      python.stderr.on("data", (d) => (stderr += d));
      python.on("close", () => resolve({ report, stderr }));
    });
    const [filled, code, length] = result.report.trim().split(" ");
    expect(result.stderr).toBe("");
    expect(filled).toBe("True");
    expect(code).toBe("0");
    const rows = JSON.parse(readFileSync(file, "utf8")) as unknown[];
    expect(Number(length)).toBeGreaterThan(1 << 16);
    expect(rows.length).toBeGreaterThan(600);
  });

  it("--version prints the package's version, and ends quietly when nobody reads it", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const printed = await intoHead([flag]);
      expect(printed).toEqual({ code: 0, stderr: "", head: `${version}\n` });
    }
    const unread = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, "--version"], { stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.destroy();
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) => resolve({ code, stderr }));
    });
    expect(unread).toEqual({ code: 0, stderr: "" });
  });

  it("a bulk trigger over threads | head -1 stops every thread and exits 0 (a million events would take minutes)", async () => {
    const url = await app((_req, res) => res.end("ok"));
    const trigger = await intoHead([
      "trigger",
      "stripe",
      "customer.created",
      "--count",
      "1000000",
      "--concurrency",
      "8",
      "--threads",
      "2",
      "--json",
      "--url",
      url,
    ]);
    expect(trigger).toMatchObject({ code: 0 });
    expect(JSON.parse(trigger.head)).toMatchObject({ ok: true });
    expect(trigger.stderr).not.toMatch(STACK);
  });
});

describe("listen: one line per request, never a phantom", () => {
  it("100k-deep JSON with --body: one line, one record, no listener error", async () => {
    const file = join(dir, "deep.ndjson");
    const l = listen(["--body", "--record", file]);
    const base = await l.ready;
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect((await fetch(`${base}/deep`, { method: "POST", body: deep })).status).toBe(200);
    await post(`${base}/after`, event());
    await l.waitForLine((line) => line.includes("customer.created"));
    expect(l.stdout).not.toContain("listener error");
    expect(l.stdout.match(/POST \/deep/g)).toHaveLength(1);
    await l.stop("SIGTERM");
    expect(readFileSync(file, "utf8").trimEnd().split("\n")).toHaveLength(2);
  });

  it("prints sender-controlled text with its control characters escaped", async () => {
    const l = listen([]);
    const base = await l.ready;
    const forged = JSON.stringify({
      id: "evt_\u001b[2J\u001b[H",
      object: "event",
      type: "customer.created\u001b[32m ✔ valid\u001b[0m\r",
      data: { object: {} },
    });
    await post(`${base}/x`, forged);
    const kid = Buffer.from(JSON.stringify({ alg: "ES256", kid: "\u001b]0;pwned\u0007", typ: "JWT" })).toString("base64url");
    await fetch(`${base}/plaid`, {
      method: "POST",
      body: '{"webhook_type":"ITEM","webhook_code":"ERROR"}',
      headers: { "Plaid-Verification": `${kid}.e30.AAAA` },
    });
    await l.waitForLines(2);
    // eslint-disable-next-line no-control-regex -- no raw control character may reach the terminal
    expect(l.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(l.stdout).toContain("customer.created\\u001b[32m ✔ valid\\u001b[0m\\u000d");
    expect(l.stdout).toContain("no key with kid \\u001b]0;pwned\\u0007");
  });
});

describe("listen --forward-to: expectations, slow and hung apps", () => {
  it("relays a request sent with Expect: 100-continue (curl's habit above 1 MB)", async () => {
    let received = 0;
    const target = await app((req, res) => {
      req.on("data", (d: Buffer) => (received += d.length)).on("end", () => res.writeHead(201).end("made"));
    });
    const l = listen(["--forward-to", target]);
    const port = Number(new URL(await l.ready).port);
    const body = Buffer.alloc(2 * 1024 * 1024, 120);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1", () =>
        socket.write(`POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`),
      );
      let data = "";
      socket.on("data", (d) => {
        data += d;
        if (data.startsWith("HTTP/1.1 100 Continue\r\n\r\n") && !socket.writableEnded) socket.end(body);
      });
      socket.on("close", () => resolve(data));
    });
    expect(answer).toMatch(/HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 /);
    expect(received).toBe(body.length);
    await l.waitForLines(1);
    expect(l.lines()[0]).toMatch(/→ 201 .*app 201/);
  });

  it("answers 504 with a clear line when the app trickles its answer or hangs, after --timeout", async () => {
    const trickle = await app((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write("."), 50);
      res.on("close", () => clearInterval(timer));
    });
    const l = listen(["--forward-to", trickle, "--timeout", "400"]);
    const base = await l.ready;
    const answer = await fetch(`${base}/x`, { method: "POST", body: "{}" });
    expect(answer.status).toBe(504);
    expect(await answer.text()).toContain("no answer within 400 ms");
    await l.waitForLines(1);
    expect(l.lines()[0]).toMatch(/→ 504 .*app down: no answer within 400 ms \(--timeout\)/);
    const hung = await app(() => undefined);
    const l2 = listen(["--forward-to", hung, "--timeout", "300"]);
    expect((await fetch(`${await l2.ready}/x`, { method: "POST", body: "{}" })).status).toBe(504);
  });
});

describe("stopping", () => {
  it("SIGHUP stops like SIGTERM, with the summary", async () => {
    const l = listen([]);
    await post(`${await l.ready}/x`, event());
    await l.waitForLines(1);
    expect(await l.stop("SIGHUP")).toBe(0);
    expect(l.stderr).toContain("SIGHUP: stopped after 1 request");
  });

  it("SIGTERM with a forward pending: the sender gets 503, the summary comes last, and the exit is prompt", async () => {
    let arrived: () => void = () => undefined;
    const atApp = new Promise<void>((resolve) => (arrived = resolve));
    const hung = await app(() => arrived());
    const l = listen(["--forward-to", hung, "--timeout", "120000"]);
    const base = await l.ready;
    const pending = fetch(`${base}/x`, { method: "POST", body: "{}" });
    await atApp;
    const started = performance.now();
    const code = await l.stop("SIGTERM");
    const elapsed = performance.now() - started;
    expect(code).toBe(0);
    expect((await pending).status).toBe(503);
    // The grace period is 2 s: nowhere near the 120 s forward timeout.
    expect(elapsed).toBeLessThan(10_000);
    expect(l.stderr.trimEnd().split("\n").at(-1)).toMatch(/^SIGTERM: stopped after \d+ requests?/);
    expect(l.lines().some((line) => /→ 503 .*abandoned: the listener stopped/.test(line))).toBe(true);
  });
});

describe("usage errors, not crashes", () => {
  it("--host with an address this machine lacks, and an unwritable or unreadable WH_SIM_HOME", async () => {
    const host = await runCli(["listen", "--host", "10.255.255.1", "--port", "0"]);
    expect(host).toMatchObject({ code: 2, stderr: expect.stringContaining("this machine has no such address") });
    const unwritable = await runCli(["secret", "plaid"], { env: { WH_SIM_HOME: "/etc/passwd/wh-sim" } });
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain("set WH_SIM_HOME to a writable folder");
    const home = join(dir, "home-with-a-folder-for-a-key-file");
    mkdirSync(join(home, "plaid-keys.json"), { recursive: true });
    const unreadable = await runCli(["secret", "plaid"], { env: { WH_SIM_HOME: home } });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain("cannot read wh-sim's Plaid keys");
  });
});
