// The inspector and recordings under an attacker's input: a recording line cannot smuggle a shell
// command into "copy as curl", no other site may frame the page, the replay API reads a bounded body.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startListenCli } from "../helpers/listen-cli.js";

const dir = mkdtempSync(join(tmpdir(), "wh-sim-hardening-"));
const line = (fields: Record<string, unknown>) =>
  JSON.stringify({
    v: 1,
    time: "2026-12-01T12:00:00.000Z",
    method: "POST",
    path: "/webhook",
    headers: [["content-type", "application/json"]],
    body: "e30=",
    verdict: { status: "unchecked" },
    ...fields,
  });

describe("a recording is checked line by line when it is loaded", () => {
  it("a method that is not an HTTP token (a shell command for copy-as-curl) is a usage error naming the line", async () => {
    const file = join(dir, "evil.ndjson");
    writeFileSync(file, `${line({})}\n${line({ method: "POST $(touch pwned) #" })}\n`);
    const listen = await runCli(["listen", "--ui", "--record", file, "--port", "0"]);
    expect(listen.code).toBe(2);
    expect(listen.stderr).toMatch(/evil\.ndjson:2: method: not an HTTP method \(RFC 9110/);
    const replay = await runCli(["replay", file, "--url", "http://127.0.0.1:9/x"]);
    expect(replay.code).toBe(2);
  });

  it('"provider": null is a usage error naming the line, never a crash (exit 70)', async () => {
    const file = join(dir, "null.ndjson");
    writeFileSync(file, `${line({ provider: null })}\n`);
    const replay = await runCli(["replay", file, "--url", "http://127.0.0.1:9/x"]);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toMatch(/null\.ndjson:1: provider: .*\n.*hint: a recording is what wh-sim listen --record writes/);
  });
});

describe("the inspector's own doors", () => {
  let listen: ReturnType<typeof startListenCli>;
  let base: string;
  beforeAll(async () => {
    listen = startListenCli(["--ui"]);
    base = await listen.ready;
    await listen.waitForStderr(/inspector: http/);
  });
  afterAll(() => listen.stop());

  it("the page may not be framed by another site", async () => {
    const page = await fetch(`${base}/_wh-sim/`);
    expect(page.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
  });

  it("a replay request larger than 16 MB is answered 413, read to its end, and the listener goes on", async () => {
    const sent = await runCli(["trigger", "stripe", "customer.created", "--url", `${base}/webhook`]);
    expect(sent.code).toBe(0);
    const [first] = (await (await fetch(`${base}/_wh-sim/api/requests`)).json()) as { seq: number }[];
    const big = JSON.stringify({ mode: "edited", body: "x".repeat(17 * 1024 * 1024) });
    const answer = await fetch(`${base}/_wh-sim/api/requests/${first!.seq}/replay`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: big,
    });
    expect(answer.status).toBe(413);
    expect(((await answer.json()) as { error: string }).error).toMatch(/at most 16 MB/);
    expect((await fetch(`${base}/_wh-sim/api/requests`)).status).toBe(200);
  });
});
