// What the listener keeps in memory for the inspector and MCP stays within --memory: a flood of
// large bodies (a cross-site page can post them without any rebinding) drops the oldest, counted.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { startListenCli } from "../helpers/listen-cli.js";

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

describe("--memory", () => {
  it("30 posts of 9 MB with --ui and --mcp: the listener's memory stays within the budget, the oldest dropped and counted", async () => {
    const listen = startListenCli(["--ui", "--mcp", "--memory", "32mb"]);
    const base = await listen.ready;
    await listen.waitForStderr(/mcp: http/);
    try {
      const body = Buffer.alloc(9 * 1024 * 1024, 0x7a);
      for (let i = 0; i < 30; i++)
        expect((await fetch(`${base}/webhook`, { method: "POST", headers: { "content-type": "text/plain" }, body })).status).toBe(200);
      // Kept: as many as fit in 32 MB (each kept twice, as the inspector's base64 and MCP's bytes), the rest dropped.
      const kept = (await (await fetch(`${base}/_wh-sim/api/requests`)).json()) as unknown[];
      expect(kept.length).toBeLessThanOrEqual(3);
      expect(kept.length).toBeGreaterThanOrEqual(1);
      // 270 MB sent, twice over; without a budget the process grew past 600 MB.
      expect(rssMb(listen.pid)).toBeLessThan(400);
    } finally {
      await listen.stop();
    }
  });
});
