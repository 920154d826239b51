// The inspector's HTTP API (what the page uses), against a spawned `wh-sim listen --ui`, no browser.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startListenCli } from "../helpers/listen-cli.js";
import { startTargetServer } from "../helpers/target-server.js";

const dir = mkdtempSync(join(tmpdir(), "wh-sim-inspector-"));
const record = join(dir, "session.ndjson");
let listen: ReturnType<typeof startListenCli>;
let base: string;
const api = (path: string, init?: RequestInit) => fetch(`${base}/_wh-sim/${path}`, init);
const requests = async () =>
  (await (await api("api/requests")).json()) as { seq: number; event: string; verdict: { status: string; reason?: string }; status: number }[];
const send = (...args: string[]) => runCli(["trigger", ...args, "--url", `${base}/webhook`]);

beforeAll(async () => {
  listen = startListenCli(["--ui", "--record", record]);
  base = await listen.ready;
  await listen.waitForStderr(/inspector: http:\/\/127\.0\.0\.1:\d+\/_wh-sim\//);
});
afterAll(() => listen.stop());

describe("the inspector's API", () => {
  it("lists every request with its verdict, and gives one whole", async () => {
    await send("stripe", "customer.created");
    await send("stripe", "invoice.paid", "--tamper");
    const list = await requests();
    expect(list.map((r) => [r.event, r.verdict.status])).toEqual([
      ["customer.created", "valid"],
      ["invoice.paid", "invalid"],
    ]);
    expect(list[1]!.verdict.reason).toBe("mismatch");
    const detail = (await (await api(`api/requests/${list[0]!.seq}`)).json()) as { headers: [string, string][]; text: string; body: string };
    expect(detail.headers.find(([n]) => n.toLowerCase() === "stripe-signature")).toBeTruthy();
    expect(JSON.parse(detail.text).type).toBe("customer.created");
    expect((await api("api/requests/999")).status).toBe(404);
    // The inspector's own requests are never shown or recorded as webhooks.
    expect(readFileSync(record, "utf8").trim().split("\n")).toHaveLength(2);
  });

  it("replays byte-identical (still invalid), re-signed (valid) and edited (valid, with the edit)", async () => {
    const tampered = (await requests()).find((r) => r.event === "invoice.paid")!;
    const replay = (body: object) =>
      api(`api/requests/${tampered.seq}/replay`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) =>
        r.json(),
      );
    expect(await replay({ mode: "exact" })).toMatchObject({ status: 200 });
    expect(await replay({ mode: "resign" })).toMatchObject({ status: 200 });
    const detail = (await (await api(`api/requests/${tampered.seq}`)).json()) as { text: string };
    const edited = JSON.parse(detail.text);
    edited.data.object.amount_due = 4242;
    expect(await replay({ mode: "edited", body: JSON.stringify(edited) })).toMatchObject({ status: 200 });
    const list = await requests();
    expect(list.slice(-3).map((r) => r.verdict.status)).toEqual(["invalid", "valid", "valid"]);
    const last = (await (await api(`api/requests/${list.at(-1)!.seq}`)).json()) as { text: string };
    expect(JSON.parse(last.text).data.object.amount_due).toBe(4242);
    expect((await api(`api/requests/${tampered.seq}/replay`, { method: "POST", body: "{}" })).status).toBe(415);
    const bad = (body: string) => api(`api/requests/${tampered.seq}/replay`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect((await bad("{not json")).status).toBe(400);
    expect((await bad('{"mode":"sideways"}')).status).toBe(400);
    expect((await bad('{"mode":"exact","url":"file:///etc/passwd"}')).status).toBe(400);
  });

  it("searches bodies and headers, and exports NDJSON that `wh-sim replay` reads, and HAR", async () => {
    const hits = (await (await api("api/search?q=CUSTOMER.CREATED")).json()) as number[];
    expect(hits).toEqual([(await requests()).find((r) => r.event === "customer.created")!.seq]);
    const ndjson = await (await api(`api/export?format=ndjson&seq=${hits.join(",")}`)).text();
    const file = join(dir, "export.ndjson");
    writeFileSync(file, ndjson);
    const replayed = await runCli(["replay", file, "--url", `${base}/webhook`]);
    expect(replayed.code, replayed.stderr).toBe(0);
    const har = (await (await api("api/export?format=har")).json()) as {
      log: { version: string; entries: { request: { method: string; postData: { text: string } } }[] };
    };
    expect(har.log.version).toBe("1.2");
    expect(har.log.entries.length).toBeGreaterThan(3);
    expect(har.log.entries[0]!.request.method).toBe("POST");
  });

  it("streams requests as Server-Sent Events, resuming after Last-Event-ID", async () => {
    const list = await requests();
    const lastSeen = list.at(-2)!.seq;
    const controller = new AbortController();
    const response = await fetch(`${base}/_wh-sim/api/stream`, { headers: { "last-event-id": String(lastSeen) }, signal: controller.signal });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let text = "";
    const until = async (done: () => boolean) => {
      while (!done()) text += new TextDecoder().decode((await reader.read()).value);
    };
    await until(() => text.includes(`id: ${list.at(-1)!.seq}\n`));
    expect(text).not.toContain(`id: ${lastSeen}\n`);
    await send("truv", "task-status-updated");
    await until(() => text.includes("task-status-updated"));
    controller.abort();
  });
});

describe("the inspector in front of an app", () => {
  it("finds the delivery the app answered 500, and an edited replay goes through the listener to the app and passes", async () => {
    const app = await startTargetServer(({ rawBody }) =>
      rawBody.toString().includes("crash-me") ? { status: 500, body: "boom" } : { status: 200, body: "ok" },
    );
    const forwarding = startListenCli(["--ui", "--forward-to", app.url]);
    try {
      const url = await forwarding.ready;
      await runCli(["scenario", "stripe", "failed-payment-recovery", "--url", `${url}/webhook`]);
      await runCli(["trigger", "stripe", "customer.created", "-o", "data.object.name=crash-me", "--url", `${url}/webhook`]);
      type Row = { seq: number; status: number; forwarded: { status: number } | null; verdict: { status: string } };
      const list = (await (await fetch(`${url}/_wh-sim/api/requests`)).json()) as Row[];
      const failed = list.filter((r) => r.forwarded?.status === 500);
      expect(failed).toHaveLength(1);
      const detail = (await (await fetch(`${url}/_wh-sim/api/requests/${failed[0]!.seq}`)).json()) as { text: string };
      const replay = await fetch(`${url}/_wh-sim/api/requests/${failed[0]!.seq}/replay`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ mode: "edited", body: detail.text.replace("crash-me", "Jenny Rosen") }),
      });
      expect(await replay.json()).toMatchObject({ status: 200 });
      const after = (await (await fetch(`${url}/_wh-sim/api/requests`)).json()) as Row[];
      expect(after.at(-1)).toMatchObject({ status: 200, forwarded: { status: 200 }, verdict: { status: "valid" } });
    } finally {
      await forwarding.stop();
      await app.close();
    }
  });
});

describe("the inspector's place", () => {
  it("loads what the --record file already holds, so a session can be reopened", async () => {
    const again = startListenCli(["--ui", "--record", record]);
    try {
      const url = await again.ready;
      await again.waitForStderr(/requests loaded from/);
      const list = (await (await fetch(`${url}/_wh-sim/api/requests`)).json()) as unknown[];
      expect(list.length).toBe(readFileSync(record, "utf8").trim().split("\n").length);
    } finally {
      await again.stop();
    }
  });

  it("`ui: true` in the config turns it on", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "wh-sim-ui-config-"));
    writeFileSync(join(cwd, "wh-sim.config.json"), JSON.stringify({ listen: { ui: true } }));
    const configured = startListenCli(["--config", join(cwd, "wh-sim.config.json")]);
    try {
      const url = await configured.ready;
      await configured.waitForStderr(/inspector: /);
      expect((await fetch(`${url}/_wh-sim/`)).headers.get("content-type")).toMatch(/^text\/html/);
    } finally {
      await configured.stop();
    }
  });

  it("without --ui, /_wh-sim/ is a path like any other: received and shown as a webhook", async () => {
    const plain = startListenCli(["--json"]);
    try {
      const url = await plain.ready;
      expect((await fetch(`${url}/_wh-sim/`, { method: "POST", body: "{}" })).status).toBe(200);
      const line = JSON.parse(await plain.waitForLine((l) => l.includes("/_wh-sim/")));
      expect(line.path).toBe("/_wh-sim/");
    } finally {
      await plain.stop();
    }
  });
});
