// `wh-sim reset`, spawned: the world on disk, or a running listener through its control plane.
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startListenCli } from "../helpers/listen-cli.js";

const kinds = (home: string) => (existsSync(join(home, "world")) ? readdirSync(join(home, "world")) : []);

describe("wh-sim reset", () => {
  it("forgets the providers named (a misspelt one: exit 2 with the nearest), then all", async () => {
    const home = mkdtempSync(join(tmpdir(), "wh-sim-reset-"));
    const env = { WH_SIM_HOME: home };
    // trigger remembers what it sent in the world: a Stripe event, a Truv link.
    for (const [provider, event] of [
      ["stripe", "customer.created"],
      ["truv", "task-status-updated"],
    ])
      await runCli(["trigger", provider!, event!, "--url", "http://127.0.0.1:9/none", "--timeout", "200"], { env });
    expect(kinds(home).some((k) => k.startsWith("stripe-"))).toBe(true);
    expect(kinds(home).some((k) => k.startsWith("truv-"))).toBe(true);
    const typo = await runCli(["reset", "strpe"], { env });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown provider "strpe"[\s\S]*did you mean stripe/);
    const one = await runCli(["reset", "stripe"], { env });
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/reset stripe/);
    expect(kinds(home).filter((k) => k.startsWith("stripe-"))).toEqual([]);
    expect(kinds(home).some((k) => k.startsWith("truv-"))).toBe(true);
    expect((await runCli(["reset"], { env })).code).toBe(0);
    expect(kinds(home)).toEqual([]);
  });

  it("--listener resets a running listener: what it received is gone", async () => {
    const home = mkdtempSync(join(tmpdir(), "wh-sim-reset-"));
    const listener = await startListenCli(["--json"], { WH_SIM_HOME: home });
    try {
      const url = await listener.ready;
      const requests = async () => ((await (await fetch(`${url}/_wh-sim/api/v1/requests`)).json()) as { requests: unknown[] }).requests;
      // A CLI listener keeps what arrives from its control plane's first call on: nothing yet.
      expect(await requests()).toEqual([]);
      const sent = await runCli(["trigger", "stripe", "customer.created", "--url", `${url}/webhook`], { env: { WH_SIM_HOME: home } });
      expect(sent.code).toBe(0);
      expect(await requests()).toHaveLength(1);
      const reset = await runCli(["reset", "--listener", url], { env: { WH_SIM_HOME: home } });
      expect(reset.code).toBe(0);
      expect(reset.stdout).toMatch(/reset stripe, plaid, truv, bridge, standard at http:\/\/127\.0\.0\.1/);
      expect(await requests()).toEqual([]);
      const nobody = await runCli(["reset", "--listener", "http://127.0.0.1:9"], { env: { WH_SIM_HOME: home } });
      expect(nobody.code).toBe(1);
      expect(nobody.stderr).toMatch(/refused|hint/);
    } finally {
      await listener.stop();
    }
  });
});
