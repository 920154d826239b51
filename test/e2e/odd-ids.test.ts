// Ids no file can be named after (300 characters, 1e+308) never stop the offline world from
// writing, nor make trigger crash: the world keeps them under their hash, and a listener started
// again answers what the one before was sent.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startListenCli } from "../helpers/listen-cli.js";
import { startTargetServer } from "../helpers/target-server.js";

const LONG = `cus_${"L".repeat(300)}`;
const KEY = { authorization: "Bearer sk_test_odd" };

describe("ids that cannot name a file", () => {
  it("20 events with a 300-character id, then a normal one: after a restart, both answered", async () => {
    const home = mkdtempSync(join(tmpdir(), "wh-sim-odd-"));
    const first = startListenCli([], { WH_SIM_HOME: home });
    const base = await first.ready;
    const long = await runCli(["trigger", "stripe", "customer.created", "--url", `${base}/webhook`, "--count", "20", "-o", `data.object.id=${LONG}`], {
      env: { WH_SIM_HOME: home },
    });
    expect(long.code, long.stderr).toBe(0);
    const normal = await runCli(["trigger", "stripe", "customer.created", "--url", `${base}/webhook`, "-o", "data.object.id=cus_NormalAfterLong01"], {
      env: { WH_SIM_HOME: home },
    });
    expect(normal.code, normal.stderr).toBe(0);
    expect(await first.stop("SIGTERM")).toBe(0);
    expect(first.stderr).not.toMatch(/could not be written/);

    const again = startListenCli([], { WH_SIM_HOME: home });
    const restarted = await again.ready;
    try {
      expect((await fetch(`${restarted}/v1/customers/cus_NormalAfterLong01`, { headers: KEY })).status).toBe(200);
      const kept = await fetch(`${restarted}/v1/customers/${LONG}`, { headers: KEY });
      expect(kept.status).toBe(200);
      expect(((await kept.json()) as { id: string }).id).toBe(LONG);
    } finally {
      await again.stop();
    }
  });

  it("trigger straight to an app never exits 70 on such an id", async () => {
    const app = await startTargetServer();
    const home = mkdtempSync(join(tmpdir(), "wh-sim-odd-trigger-"));
    try {
      const stripe = await runCli(["trigger", "stripe", "customer.created", "--url", app.url, "-o", `data.object.id=${LONG}`], { env: { WH_SIM_HOME: home } });
      expect(stripe.code, stripe.stderr).toBe(0);
      const bridge = await runCli(["trigger", "bridge", "item.account.updated", "--url", app.url, "-o", "content.account_id=1e308"], {
        env: { WH_SIM_HOME: home },
      });
      expect(bridge.code, bridge.stderr).toBe(0);
    } finally {
      await app.close();
    }
  });
});
