import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runList } from "../../src/cli/commands/list.js";
import { runScenario, type ScenarioOptions } from "../../src/cli/commands/scenario.js";
import { signerFor } from "../../src/credentials.js";
import { UsageError } from "../../src/lib/errors.js";
import { loadProvider } from "../../src/providers/registry.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { BUILTIN_SCENARIOS } from "../../src/scenarios/builtin.js";
import { renderScenario } from "../../src/scenarios/render.js";
import { capture } from "../helpers/capture.js";
import { startTargetServer } from "../helpers/target-server.js";
import { stripeVerifier } from "../helpers/verifying-apps.js";

const scenario = (provider: string, name: string, opts: Partial<ScenarioOptions>) =>
  capture(() => runScenario(provider, name, { duplicateRate: 0, delay: 0, expect: "2xx", timeout: 5000, signature: true, ...opts }));

describe("built-in scenarios", () => {
  it.each(BUILTIN_SCENARIOS.map((s) => [s.provider, s.name, s] as const))("%s %s renders every step, each reference holding", async (_p, _n, s) => {
    const provider = await loadProvider(s.provider);
    const steps = await renderScenario(provider, s, { signer: await signerFor(provider, undefined, {}), options: {}, start: new Date(1_750_000_000_000) });
    expect(steps).toHaveLength(s.steps.length);
    const events = steps.map((r) => JSON.parse(r.delivery.body) as Record<string, unknown>);
    const at = (event: unknown, path: string) => path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], event);
    for (const [i, step] of s.steps.entries()) {
      for (const [path, value] of Object.entries({ ...step.set, ...step.add })) {
        const ref = typeof value === "string" ? /^\$\{([^:]+):(.+)\}$/.exec(value) : null;
        const expected = ref ? at(events[s.steps.findIndex((x) => x.name === ref[1])], ref[2]!) : value;
        expect(at(events[i], path), `${s.name} step ${i + 1} ${path}`).toEqual(expected);
      }
    }
  });

  it("are listed, by provider, with --scenarios", async () => {
    const all = JSON.parse((await capture(() => runList(undefined, { scenarios: true, json: true }))).stdout) as { provider: string; name: string }[];
    for (const provider of ["stripe", "plaid", "truv", "bridge"]) expect(all.filter((s) => s.provider === provider).length).toBeGreaterThanOrEqual(2);
    expect((await capture(() => runList("plaid", { scenarios: true }))).stdout).toContain("plaid item-error-repair");
  });
});

describe("wh-sim scenario", () => {
  let app: Awaited<ReturnType<typeof startTargetServer>>;
  let plain: Awaited<ReturnType<typeof startTargetServer>>;
  beforeAll(async () => {
    app = await startTargetServer(stripeVerifier(stripe.testSecret));
    plain = await startTargetServer();
  });
  afterAll(async () => {
    await app.close();
    await plain.close();
  });

  it("delivers the Financial Connections lifecycle in order, one account throughout, times advancing, each accepted by stripe-node", async () => {
    const before = app.received.length;
    const run = await scenario("stripe", "fc-account-lifecycle", { url: app.url, json: true });
    expect(run.error).toBeUndefined();
    const received = app.received
      .slice(before)
      .map((r) => JSON.parse(r.rawBody.toString()) as { type: string; created: number; data: { object: { id: string } } });
    expect(received.map((e) => e.type)).toEqual([
      "financial_connections.account.created",
      "financial_connections.account.refreshed_balance",
      "financial_connections.account.refreshed_transactions",
      "financial_connections.account.deactivated",
      "financial_connections.account.reactivated",
    ]);
    expect(new Set(received.map((e) => e.data.object.id)).size).toBe(1);
    expect(received.every((e, i) => i === 0 || e.created > received[i - 1]!.created)).toBe(true);
    expect(app.received.slice(before).every((r) => r.answer?.startsWith("evt_"))).toBe(true);
  });

  it("--shuffle --seed 7 is the same order every time, and not the scenario's own", async () => {
    const order = async (opts: Partial<ScenarioOptions>) => {
      const run = await scenario("truv", "order-completed", { url: plain.url, json: true, ...opts });
      expect(run.error).toBeUndefined();
      return run.stdout
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { step: string }).step);
    };
    const ordered = await order({});
    const shuffled = await order({ shuffle: true, seed: "7" });
    expect(await order({ shuffle: true, seed: "7" })).toEqual(shuffled);
    expect(shuffled).not.toEqual(ordered);
    expect([...shuffled].sort()).toEqual([...ordered].sort());
  });

  it("--duplicate-rate 1 sends every step twice, as redeliveries of the same event", async () => {
    const run = await scenario("plaid", "item-error-repair", { url: plain.url, json: true, duplicateRate: 1 });
    expect(run.error).toBeUndefined();
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { step: string; duplicate: string; id: string });
    expect(lines.map((l) => `${l.step} ${l.duplicate}`)).toEqual(["1/2 1/2", "1/2 2/2", "2/2 1/2", "2/2 2/2"]);
    expect(new Set(lines.map((l) => l.id)).size).toBe(1);
  });

  it("--count 4 --concurrency 2 sends four whole runs, each its own account in order, each accepted by stripe-node", async () => {
    const before = app.received.length;
    const run = await scenario("stripe", "fc-account-lifecycle", { url: app.url, json: true, count: 4, concurrency: 2 });
    expect(run.error).toBeUndefined();
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { run: number; step: string; id: string; ok: boolean });
    expect(lines).toHaveLength(20);
    expect(lines.every((l) => l.ok)).toBe(true);
    const events = app.received.slice(before).map((r) => JSON.parse(r.rawBody.toString()) as { id: string; type: string; data: { object: { id: string } } });
    const runOf = new Map(lines.map((l) => [l.id, l.run]));
    for (const n of [1, 2, 3, 4]) {
      const mine = events.filter((e) => runOf.get(e.id) === n);
      expect(mine.map((e) => e.type)).toEqual([
        "financial_connections.account.created",
        "financial_connections.account.refreshed_balance",
        "financial_connections.account.refreshed_transactions",
        "financial_connections.account.deactivated",
        "financial_connections.account.reactivated",
      ]);
      expect(new Set(mine.map((e) => e.data.object.id)).size).toBe(1);
    }
    expect(new Set(events.map((e) => e.data.object.id)).size).toBe(4);
  });

  it("--count with --seed: each run reproducible (seed:i), runs different from each other", async () => {
    const ids = async () => {
      const run = await scenario("truv", "order-completed", { url: plain.url, json: true, count: 3, seed: "9" });
      expect(run.error).toBeUndefined();
      return run.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { run: number; step: string; id: string })
        .sort((a, b) => a.run - b.run || a.step.localeCompare(b.step))
        .map((l) => `${l.run} ${l.step} ${l.id}`);
    };
    const first = await ids();
    expect(await ids()).toEqual(first);
    const byRun = (n: number) => first.filter((l) => l.startsWith(`${n} `)).map((l) => l.split(" ")[2]);
    expect(byRun(1)).not.toEqual(byRun(2));
  });

  it("an unknown scenario is a usage error with did-you-mean", async () => {
    const run = await scenario("stripe", "fc-acount-lifecycle", {});
    expect(run.error).toBeInstanceOf(UsageError);
    expect((run.error as UsageError).hint).toContain("did you mean fc-account-lifecycle?");
  });
});

describe("scenario files of the user's", () => {
  const dir = mkdtempSync(join(tmpdir(), "wh-sim-scenarios-"));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  let app: Awaited<ReturnType<typeof startTargetServer>>;
  beforeAll(async () => (app = await startTargetServer()));
  afterAll(() => app.close());

  it("YAML or JSON, with references between steps", async () => {
    const yaml = file(
      "flow.yml",
      "name: refresh twice\nsteps:\n  - name: created\n    event: financial_connections.account.created\n  - event: financial_connections.account.refreshed_balance\n    set:\n      data.object.id: ${created:data.object.id}\n",
    );
    const json = file(
      "flow.json",
      JSON.stringify({
        steps: [
          { name: "error", event: "ITEM.ERROR" },
          { event: "ITEM.LOGIN_REPAIRED", set: { item_id: "${error:item_id}" } },
        ],
      }),
    );
    const before = app.received.length;
    expect((await scenario("stripe", yaml, { url: app.url })).error).toBeUndefined();
    const [created, refreshed] = app.received.slice(before).map((r) => JSON.parse(r.rawBody.toString()) as { data: { object: { id: string } } });
    expect(refreshed!.data.object.id).toBe(created!.data.object.id);
    expect((await scenario("plaid", json, { url: app.url })).error).toBeUndefined();
    const [error, repaired] = app.received.slice(-2).map((r) => JSON.parse(r.rawBody.toString()) as { item_id: string });
    expect(repaired!.item_id).toBe(error!.item_id);
  });

  it.each<[string, string, RegExp]>([
    ["unknown key", "steps:\n  - event: ITEM.ERROR\n    sett:\n      a: 1\n", /bad\.yml:2: steps\.0: Unrecognized key: "sett"/],
    ["no steps", "steps: []\n", /bad\.yml:1: steps: a scenario needs at least one step/],
    ["not YAML", "steps:\n  - event: [unclosed\n", /bad\.yml:\d+: /],
    [
      "unknown step",
      "steps:\n  - name: errored\n    event: ITEM.ERROR\n  - event: ITEM.LOGIN_REPAIRED\n    set:\n      item_id: ${erorred:item_id}\n",
      /no earlier step named "erorred"/,
    ],
    ["unknown event", "steps:\n  - event: ITEM.EROR\n", /step 1 \(ITEM\.EROR\): unknown plaid event "ITEM\.EROR"/],
    ["a typo in a path", "steps:\n  - event: ITEM.ERROR\n    set:\n      item_idd: x\n", /has no "item_idd"/],
  ])("%s is a usage error naming the file, line or step, and nothing is sent", async (_name, text, message) => {
    const before = app.received.length;
    const run = await scenario("plaid", file("bad.yml", text), { url: app.url });
    expect(run.error).toBeInstanceOf(UsageError);
    expect((run.error as UsageError).message).toMatch(message);
    expect(app.received.length).toBe(before);
  });

  it("__proto__, constructor and prototype keys touch no prototype", async () => {
    const poisoned = file(
      "poison.yml",
      "steps:\n  - event: ITEM.ERROR\n    add:\n      __proto__: {insecure: true}\n      extra.constructor.prototype.insecure: true\n",
    );
    await scenario("plaid", poisoned, { url: app.url });
    expect(({} as Record<string, unknown>).insecure).toBeUndefined();
  });
});
