// The offline world is bounded: past a documented count, a clear API error, never files without end.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startListenCli } from "../helpers/listen-cli.js";

describe("the world's bounds", () => {
  it("Plaid: at 1,000 Sandbox Items, creating another is a clear error that says how to start afresh", async () => {
    const home = mkdtempSync(join(tmpdir(), "wh-sim-bounds-"));
    const items = join(home, "world", "plaid-item");
    mkdirSync(items, { recursive: true });
    for (let i = 0; i < 1000; i++) writeFileSync(join(items, `item${String(i).padStart(30, "0")}.json`), "{}");
    const listen = startListenCli([], { WH_SIM_HOME: home });
    const base = await listen.ready;
    try {
      const answer = await fetch(`${base}/sandbox/public_token/create`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_id: "c", secret: "s", institution_id: "ins_109508", initial_products: ["transactions"] }),
      });
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ error_code: "SANDBOX_ITEM_LIMIT", error_message: expect.stringMatching(/at most 1000 Sandbox Items/) });
    } finally {
      await listen.stop();
    }
  });
});
