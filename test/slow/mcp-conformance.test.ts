// The MCP conformance suite's server scenarios against `wh-sim listen --mcp`: the package needs
// Node ≥ 22, so it runs under the registry's Node 22 build (scripts/with-node.mjs), both cached.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startListenCli } from "../helpers/listen-cli.js";

const ROOT = resolve(import.meta.dirname, "../..");
const TOOLS = join(tmpdir(), "wh-sim-mcp-conformance-0.1.16");
const SUITE = join(TOOLS, "node_modules/@modelcontextprotocol/conformance/dist/index.js");

let listen: ReturnType<typeof startListenCli>;
let url: string;
beforeAll(async () => {
  if (!existsSync(SUITE)) {
    mkdirSync(TOOLS, { recursive: true });
    const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--prefix", TOOLS, "@modelcontextprotocol/conformance@0.1.16"], {
      encoding: "utf8",
    });
    if (install.status !== 0) throw new Error(`npm install @modelcontextprotocol/conformance failed:\n${install.stderr}`);
  }
  listen = startListenCli(["--mcp"]);
  await listen.ready;
  await listen.waitForStderr(/mcp: (http:\S+)/);
  url = /mcp: (http:\S+)/.exec(listen.stderr)![1]!;
}, 120_000);
afterAll(() => listen?.stop());

/** One scenario, run by the suite (a process of its own: its answers reach this listener's MCP port). */
function scenario(name: string): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, "scripts/with-node.mjs"), "22", "node", SUITE, "server", "--url", url, "--scenario", name], {
      cwd: ROOT,
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => done({ code, out }));
  });
}

describe("the MCP conformance suite against wh-sim listen --mcp", () => {
  it.each(["server-initialize", "ping", "tools-list", "dns-rebinding-protection"])("%s passes", async (name) => {
    const { code, out } = await scenario(name);
    expect(out).toMatch(/Passed: (\d+)\/\1, 0 failed/);
    expect(code, out).toBe(0);
  });
});
