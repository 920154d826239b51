// The listener bound beyond loopback, reached from "the network": an address of a private network
// namespace this test makes (nothing leaves the machine). Every door that can act (MCP, the
// inspector) needs the run's token there; with it, an agent gets in.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const ADDRESS = "10.231.0.1";
const DRIVER = new URL("../helpers/netns-listen.mjs", import.meta.url).pathname;
const canUnshare = spawnSync("unshare", ["-n", "true"]).status === 0;
const PING = { jsonrpc: "2.0", id: 1, method: "ping" };
const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };
const TOOL = (name: string, args: object) => ({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name, arguments: args } });

function inNamespace(args: string[], requests: object[]): { stderr: string; results: { status: number; body: string }[] } {
  const run = spawnSync("unshare", ["-n", process.execPath, DRIVER, ADDRESS, ...args], { input: JSON.stringify(requests), encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) throw new Error(`the namespace's run failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { stderr: string; results: { status: number; body: string }[] };
}

describe.runIf(canUnshare)("wh-sim listen --host 0.0.0.0 --mcp, reached from the network", () => {
  it("MCP serves only the run's token: without it no tool runs, with it an agent is served; the banner says how", () => {
    const trigger = TOOL("trigger", { provider: "stripe", event: "customer.created", url: "http://127.0.0.1:9/x" });
    const { stderr, results } = inNamespace(
      ["--mcp"],
      [
        { door: "mcp", path: "/mcp", headers: MCP_HEADERS, body: trigger },
        { door: "mcp", path: "/mcp", headers: { ...MCP_HEADERS, authorization: "Bearer wrong" }, body: PING },
        { door: "mcp", path: "/mcp", headers: { ...MCP_HEADERS, authorization: "Bearer {{token}}" }, body: PING },
      ],
    );
    expect(stderr).toMatch(
      /mcp: http:\S+ \(Streamable HTTP, with the run's token; an agent's config: \{"url":"http:\S+","headers":\{"Authorization":"Bearer [\w-]+"\}\}\)/,
    );
    expect(results.map((r) => r.status)).toEqual([401, 401, 200]);
    expect(results[0]!.body).toMatch(/MCP needs the token it printed at start-up[\s\S]*Authorization: Bearer/);
  });

  it("the inspector and MCP share the run's one token", () => {
    const { stderr, results } = inNamespace(
      ["--mcp", "--ui"],
      [
        { door: "listener", path: "/_wh-sim/api/requests", method: "GET", headers: { authorization: "Bearer {{token}}" } },
        { door: "mcp", path: "/mcp", headers: { ...MCP_HEADERS, "x-wh-sim-token": "{{token}}" }, body: PING },
      ],
    );
    expect(/inspector: \S+\?token=([\w-]+)/.exec(stderr)?.[1]).toBe(/Bearer ([\w-]+)/.exec(stderr)?.[1]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
  });
});
