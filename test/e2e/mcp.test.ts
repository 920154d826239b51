// wh-sim for agents: the MCP SDK's own Client over stdio (a spawned `wh-sim mcp`) and over
// Streamable HTTP (a spawned `wh-sim listen --mcp`), doing what an agent writing a handler would.
import { readdirSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stripe } from "../../src/providers/stripe/index.js";
import { BIN } from "../helpers/cli.js";
import { startListenCli } from "../helpers/listen-cli.js";
import { startTargetServer } from "../helpers/target-server.js";
import { stripeVerifier } from "../helpers/verifying-apps.js";

type ToolResult = { isError?: boolean; structuredContent?: Record<string, unknown>; content: { type: string; text: string }[] };
const call = async (client: Client, name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as ToolResult;

describe("wh-sim mcp (stdio)", () => {
  let client: Client;
  let app: Awaited<ReturnType<typeof startTargetServer>>;
  beforeAll(async () => {
    app = await startTargetServer(stripeVerifier(stripe.testSecret));
    client = new Client({ name: "test-agent", version: "1.0.0" });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [BIN, "mcp"], env: { ...process.env, NO_COLOR: "1" } as Record<string, string> }),
    );
  }, 30_000);
  afterAll(async () => {
    await client.close();
    await app.close();
  });

  it("lists its tools, each with a described input schema and an output schema", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    expect(names).toEqual(
      [
        "describe_event",
        "list_events",
        "received",
        "replay",
        "reset",
        "run",
        "scenario",
        "secrets",
        "start_listener",
        "stop_listener",
        "trigger",
        "verify",
        "wait_for",
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.description, tool.name).toBeTruthy();
      expect(tool.outputSchema, tool.name).toBeTruthy();
      for (const [field, schema] of Object.entries((tool.inputSchema.properties ?? {}) as Record<string, { description?: string }>)) {
        expect(schema.description, `${tool.name}.${field}`).toBeTruthy();
      }
    }
  });

  it("the workflow: a listener, an event into it given back valid, one into a handler that verifies with stripe-node, a chaos delivery refused, what arrived, why a tampered body fails", async () => {
    const started = await call(client, "start_listener");
    const url = String(started.structuredContent!.url);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const sent = await call(client, "trigger", { provider: "stripe", event: "financial_connections.account.refreshed_balance", url: `${url}/webhook` });
    expect(sent.structuredContent).toMatchObject({ ok: true, status: 200 });
    const got = await call(client, "wait_for", { provider: "stripe", event: "financial_connections.account.refreshed_balance" });
    expect(got.structuredContent).toMatchObject({ verdict: "valid", id: sent.structuredContent!.id });

    const toApp = await call(client, "trigger", { provider: "stripe", event: "invoice.paid", url: app.url });
    expect(toApp.structuredContent).toMatchObject({ ok: true, status: 200 });
    const forged = await call(client, "trigger", { provider: "stripe", event: "invoice.paid", url: app.url, chaos: ["wrong-secret"] });
    expect(forged.isError).toBeFalsy();
    expect(forged.structuredContent).toMatchObject({ ok: false, status: 400, hint: expect.stringContaining("forged this delivery on purpose (wrong secret)") });
    expect(forged.structuredContent!.response).toMatch(/No signatures found matching/);

    await call(client, "trigger", { provider: "stripe", event: "customer.created", url: `${url}/webhook`, chaos: ["tamper"] });
    const received = await call(client, "received");
    const requests = received.structuredContent!.requests as { event: string; verdict: string; reason: string | null }[];
    expect(requests.map((r) => [r.event, r.verdict])).toEqual([
      ["financial_connections.account.refreshed_balance", "valid"],
      ["customer.created", "invalid"],
    ]);
    const tampered = await call(client, "wait_for", { event: "customer.created" });
    const verdict = await call(client, "verify", {
      provider: "stripe",
      body: String(tampered.structuredContent!.body),
      headers: Object.fromEntries(tampered.structuredContent!.headers as [string, string][]),
    });
    expect(verdict.structuredContent).toMatchObject({ status: "invalid", reason: "mismatch" });
    const replayed = await call(client, "replay", { seq: 2, mode: "resign" });
    expect(replayed.structuredContent).toMatchObject({ status: 200 });
    expect((await call(client, "received")).structuredContent!.requests).toHaveLength(3);
    expect((await call(client, "stop_listener")).structuredContent).toEqual({ stopped: true });
  });

  it("replay re-signs with the listener's own secret, and to a URL of its own choosing only once the user confirmed", async () => {
    const started = await call(client, "start_listener", { secrets: { stripe: "whsec_the_users_own" } });
    const url = String(started.structuredContent!.url);
    const sent = await call(client, "trigger", {
      provider: "stripe",
      event: "customer.created",
      url: `${url}/webhook`,
      secret: "whsec_the_users_own",
      chaos: ["stale"],
    });
    expect(sent.structuredContent).toMatchObject({ ok: true });
    expect((await call(client, "wait_for", { event: "customer.created" })).structuredContent).toMatchObject({ verdict: "invalid" });
    expect((await call(client, "replay", { seq: 1, mode: "resign" })).structuredContent).toMatchObject({ status: 200 });
    const again = (await call(client, "received")).structuredContent!.requests as { verdict: string }[];
    expect(again.map((r) => r.verdict)).toEqual(["invalid", "valid"]);
    const before = app.received.length;
    const unconfirmed = await call(client, "replay", { seq: 1, mode: "resign", url: app.url });
    expect(unconfirmed.isError).toBe(true);
    expect(unconfirmed.content[0]!.text).toMatch(/neither this listener nor its forward target[\s\S]*confirm: true/);
    expect(app.received.length).toBe(before);
    expect((await call(client, "replay", { seq: 1, mode: "resign", url: app.url, confirm: true })).structuredContent).toMatchObject({ status: 400 });
    expect(app.received.length).toBe(before + 1);
    await call(client, "stop_listener");
  });

  it("run reads only files under the working folder and wh-sim's home, quoting none, and leaves no temporary folder", async () => {
    const outside = await call(client, "run", { file: "/etc/passwd" });
    expect(outside.isError).toBe(true);
    expect(outside.content[0]!.text).toMatch(/\/etc\/passwd is outside the folders wh-sim's MCP tools may read/);
    expect(outside.content[0]!.text).not.toMatch(/root:/);
    const scenarioFile = await call(client, "scenario", { provider: "stripe", name: "/etc/wh-sim-nothing.yml", url: app.url });
    expect(scenarioFile.content[0]!.text).toMatch(/outside the folders/);
    const temporary = () => readdirSync(tmpdir()).filter((f) => f.startsWith("wh-sim-mcp-run-")).length;
    const before = temporary();
    const ran = await call(client, "run", { yaml: "steps:\n  - trigger: stripe customer.created\n", url: app.url });
    expect(ran.structuredContent).toMatchObject({ ok: true });
    expect(temporary()).toBe(before);
  });

  it("bad input is a tool error that says what is valid, and the server keeps answering", async () => {
    const unknown = await call(client, "trigger", { provider: "stripe", event: "customer.craeted", url: app.url });
    expect(unknown.isError).toBe(true);
    expect(unknown.content[0]!.text).toMatch(/customer\.created/);
    const noProvider = await call(client, "list_events", { provider: "strpe" });
    expect(noProvider).toMatchObject({ isError: true, content: [{ text: expect.stringContaining("did you mean stripe") }] });
    expect((await call(client, "received")).content[0]!.text).toContain("start_listener");
    const described = await call(client, "describe_event", { provider: "plaid", event: "sync_updates_available" });
    expect(described.structuredContent).toMatchObject({ event: "TRANSACTIONS.SYNC_UPDATES_AVAILABLE", example: { webhook_code: "SYNC_UPDATES_AVAILABLE" } });
    const listed = await call(client, "list_events", { search: "refreshed_balance" });
    expect(listed.structuredContent!.events).toEqual(
      expect.arrayContaining([expect.objectContaining({ provider: "stripe", name: "financial_connections.account.refreshed_balance" })]),
    );
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain("wh-sim://events/stripe");
    const example = await client.readResource({ uri: "wh-sim://events/truv/order-created" });
    expect(JSON.parse(String((example.contents[0] as { text: string }).text))).toMatchObject({ event_type: "order-created" });
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toContain("test-my-webhook-handler");
  });
});

describe("wh-sim listen --mcp (Streamable HTTP)", () => {
  let listen: ReturnType<typeof startListenCli>;
  let mcpUrl: string;
  let client: Client;
  beforeAll(async () => {
    listen = startListenCli(["--mcp"]);
    await listen.ready;
    await listen.waitForStderr(/mcp: (http:\S+)/);
    mcpUrl = /mcp: (http:\S+)/.exec(listen.stderr)![1]!;
    client = new Client({ name: "test-agent", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl)));
  }, 30_000);
  afterAll(async () => {
    await client.close();
    await listen.stop();
  });

  it("shares the listener's state: what arrived there, through its own tools", async () => {
    const base = await listen.ready;
    const sent = await call(client, "trigger", { provider: "plaid", event: "ITEM.ERROR", url: `${base}/plaid` });
    expect(sent.structuredContent).toMatchObject({ ok: true });
    const got = await call(client, "wait_for", { provider: "plaid", event: "ITEM.ERROR" });
    expect(got.structuredContent).toMatchObject({ verdict: "valid" });
    expect((await client.listTools()).tools.map((t) => t.name)).not.toContain("start_listener");
    expect((await call(client, "secrets")).structuredContent!.secrets).toEqual(
      expect.arrayContaining([expect.objectContaining({ provider: "stripe", shown: stripe.testSecret })]),
    );
  });

  it("refuses a foreign Host or Origin (DNS rebinding), answers its own names", async () => {
    const { port } = new URL(mcpUrl);
    const post = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: "127.0.0.1",
            port,
            path: "/mcp",
            method: "POST",
            headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
            setHost: false,
          },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on("error", reject);
        req.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }));
      });
    expect(await post({ host: `evil.example:${port}` })).toBe(403);
    expect(await post({ host: `localhost:${port}`, origin: "http://evil.example" })).toBe(403);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) expect(await post({ host })).toBe(200);
  });

  it("reads at most 4 MB of a request (the SDK's bound), answering 413 past it", async () => {
    const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { pad: "x".repeat(5 * 1024 * 1024) } });
    const answer = await fetch(mcpUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: big,
    });
    expect(answer.status).toBe(413);
  });
});
