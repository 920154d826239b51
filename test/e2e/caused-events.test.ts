// Where a webhook an API call causes went, as `wh-sim listen` prints it: nowhere (and why), or to
// each of its targets, each named, so that two lines never differ only in ✔ and ✖.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startListenCli } from "../helpers/listen-cli.js";
import { startTargetServer } from "../helpers/target-server.js";

const AUTH = { authorization: "Bearer sk_test_caused", "content-type": "application/x-www-form-urlencoded" };
const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** A listener (with `args`), an FC account it knows, and a refresh of its balance. */
async function refreshThrough(args: string[]) {
  const home = mkdtempSync(join(tmpdir(), "wh-sim-caused-"));
  const listen = startListenCli(args, { WH_SIM_HOME: home });
  stops.push(() => listen.stop());
  const base = await listen.ready;
  const account = "fca_1CausedEventsTest0001";
  const sent = await runCli(["trigger", "stripe", "financial_connections.account.created", "--url", `${base}/webhook`, "-o", `data.object.id=${account}`], {
    env: { WH_SIM_HOME: home },
  });
  expect(sent.code, sent.stderr).toBe(0);
  return { listen, base, account };
}

describe("the webhooks an API call causes, as the listener prints them", () => {
  it("a refresh with no endpoint registered and no --forward-to says its event went nowhere, and why", async () => {
    const { listen, base, account } = await refreshThrough([]);
    const refresh = await fetch(`${base}/v1/financial_connections/accounts/${account}/refresh`, { method: "POST", headers: AUTH, body: "features[]=balance" });
    expect(refresh.status).toBe(200);
    const line = await listen.waitForLine((l) => l.includes("→ nowhere"));
    expect(line).toMatch(/^✖ stripe financial_connections\.account\.refreshed_balance → nowhere/);
    await listen.waitForLine((l) => l.includes("hint: start the listener with --forward-to"));
    expect(listen.stdout).toMatch(/error: not sent: the listener has no --forward-to, and no URL is registered for this event/);
    expect(listen.stdout).toMatch(/or register an endpoint \(POST \/v1\/webhook_endpoints/);
  });

  it("one event to a registered endpoint and to --forward-to: each line names its target", async () => {
    const app = await startTargetServer();
    stops.push(() => app.close());
    const { listen, base, account } = await refreshThrough(["--forward-to", app.url]);
    const created = await fetch(`${base}/v1/webhook_endpoints`, {
      method: "POST",
      headers: AUTH,
      body: `url=${encodeURIComponent(app.url)}&enabled_events[]=*`,
    });
    const endpoint = ((await created.json()) as { id: string }).id;
    await fetch(`${base}/v1/financial_connections/accounts/${account}/refresh`, { method: "POST", headers: AUTH, body: "features[]=balance" });
    const refreshed = (l: string) => l.includes("financial_connections.account.refreshed_balance") && l.includes(app.url);
    await expect.poll(() => listen.lines().filter(refreshed).length).toBe(2);
    const lines = listen.lines().filter(refreshed);
    expect(lines.some((l) => l.includes(`(endpoint ${endpoint})`))).toBe(true);
    expect(lines.some((l) => l.includes("(--forward-to)"))).toBe(true);
  });
});
