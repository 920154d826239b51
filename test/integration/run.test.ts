import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRunFile, type RunOptions } from "../../src/cli/commands/run.js";
import { UsageError, WhSimError } from "../../src/lib/errors.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { listen } from "../../src/index.js";
import { capture } from "../helpers/capture.js";
import { runCli } from "../helpers/cli.js";
import { startTargetServer } from "../helpers/target-server.js";
import { stripeVerifier } from "../helpers/verifying-apps.js";

const dir = mkdtempSync(join(tmpdir(), "wh-sim-run-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const run = (path: string | undefined, opts: Partial<RunOptions>) => capture(() => runRunFile(path, { timeout: 5000, ...opts }));

describe("wh-sim run", () => {
  let app: Awaited<ReturnType<typeof startTargetServer>>;
  beforeAll(async () => (app = await startTargetServer(stripeVerifier(stripe.testSecret))));
  afterAll(() => app.close());

  it("--dry-run checks every step and says where each would go, sending nothing; a bad step is named", async () => {
    const before = app.received.length;
    const smoke = file(
      "dry.smoke.yml",
      "steps:\n  - name: valid\n    trigger: stripe invoice.paid\n  - name: forged\n    trigger: stripe invoice.paid\n    chaos: [wrong-secret]\n    expect: 4xx\n",
    );
    const result = await run(smoke, { url: app.url, dryRun: true });
    expect(result.error).toBeUndefined();
    expect(result.stdout).toContain(`valid (trigger stripe invoice.paid) → ${app.url}, expect 2xx`);
    expect(result.stdout).toContain(`forged (trigger stripe invoice.paid [wrong secret]) → ${app.url}, expect 4xx`);
    expect(app.received.length).toBe(before);
    const field = file("field.smoke.yml", "steps:\n  - name: a field it lacks\n    trigger: stripe invoice.paid\n    set: { data.object.amont_paid: 5 }\n");
    expect(((await run(field, { url: app.url, dryRun: true })).error as UsageError).message).toMatch(
      /^step "a field it lacks": bad --override path data\.object\.amont_paid/,
    );
    const typo = file("typo.smoke.yml", "steps:\n  - name: typo\n    trigger: stripe invoice.paidd\n");
    const bad = await run(typo, { url: app.url, dryRun: true });
    expect(bad.error).toBeInstanceOf(UsageError);
    expect((bad.error as UsageError).message).toMatch(/^step "typo": unknown stripe event "invoice\.paidd"/);
  });

  it("finds webhooks.smoke.yml by itself in the folder it runs in", async () => {
    const here = mkdtempSync(join(tmpdir(), "wh-sim-run-here-"));
    writeFileSync(join(here, "webhooks.smoke.yml"), "steps:\n  - name: valid\n    trigger: stripe invoice.paid\n");
    const found = await runCli(["run", "--dry-run", "--url", app.url], { cwd: here });
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout).toContain("valid (trigger stripe invoice.paid)");
    const none = await runCli(["run"], { cwd: mkdtempSync(join(tmpdir(), "wh-sim-run-none-")) });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/there is no webhooks\.smoke\.yml here/);
  });

  it("aimed at a wh-sim listener rather than the app, a failed step says so instead of blaming the app", async () => {
    const hook = await listen();
    try {
      const forged = file(
        "at-listener.smoke.yml",
        "steps:\n  - name: forged is rejected\n    trigger: stripe invoice.paid\n    chaos: [wrong-secret]\n    expect: 4xx\n",
      );
      const result = await run(forged, { url: hook.url });
      expect((result.error as WhSimError).exitCode).toBe(1);
      expect(result.stdout + result.stderr).toMatch(/is a wh-sim listener, not your app: it answers webhooks itself \(200 here/);
    } finally {
      await hook.close();
    }
  });

  it("reports each step, writes JUnit that CI tools read, and exits 1 when an expectation failed", async () => {
    const junit = join(dir, "report.xml");
    const smoke = file(
      "mixed.smoke.yml",
      `name: staging
steps:
  - name: valid is accepted
    trigger: stripe invoice.paid
  - name: forged is rejected
    trigger: stripe invoice.paid
    chaos: [wrong-secret]
    expect: 4xx
  - name: this one fails on purpose
    trigger: stripe invoice.paid
    expect: 4xx
  - name: lifecycle, shuffled
    scenario: stripe fc-account-lifecycle
    shuffle: true
    seed: 7
`,
    );
    const result = await run(smoke, { url: app.url, junit });
    expect(result.error).toBeInstanceOf(WhSimError);
    expect((result.error as WhSimError).exitCode).toBe(1);
    expect(result.stdout).toMatch(/^✔ valid is accepted \(trigger stripe invoice\.paid/m);
    expect(result.stdout).toMatch(/^✔ forged is rejected/m);
    expect(result.stdout).toMatch(/^✖ this one fails on purpose[^\n]*\n {4}expected 4xx, got 200/m);
    expect(result.stdout).toMatch(/^✔ lifecycle, shuffled \(scenario stripe fc-account-lifecycle/m);

    const text = readFileSync(junit, "utf8");
    expect(XMLValidator.validate(text)).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(text);
    const suite = xml.testsuites.testsuite;
    expect(suite).toMatchObject({ name: "staging", tests: "4", failures: "1", file: smoke });
    const cases = suite.testcase as { name: string; classname: string; file: string; time: string; failure?: { message: string; "#text": string } }[];
    expect(cases.map((c) => c.name)).toEqual(["valid is accepted", "forged is rejected", "this one fails on purpose", "lifecycle, shuffled"]);
    expect(new Set(cases.map((c) => c.name)).size).toBe(4);
    for (const c of cases) expect(c).toMatchObject({ classname: "wh-sim.staging", file: smoke, time: expect.stringMatching(/^\d+\.\d{3}$/) });
    expect(cases[2]!.failure).toMatchObject({ message: "expected 4xx, got 200", "#text": expect.stringContaining("response: evt_") });
    expect(cases.filter((c) => c.failure)).toHaveLength(1);
  });

  it("exits 0 when every step held; --json gives one object per step", async () => {
    const smoke = file(
      "ok.smoke.json",
      JSON.stringify({ steps: [{ trigger: "stripe customer.created" }, { trigger: "stripe customer.created", chaos: { stale: 600 }, expect: "4xx" }] }),
    );
    const result = await run(smoke, { url: app.url, json: true });
    expect(result.error).toBeUndefined();
    expect(
      result.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toMatchObject([{ ok: true }, { ok: true }]);
  });

  it("a file with no steps is an error, never a pass; so is a step that is neither trigger nor scenario", async () => {
    const empty = await run(file("empty.yml", "steps: []\n"), { url: app.url });
    expect(empty.error).toBeInstanceOf(UsageError);
    expect((empty.error as UsageError).message).toMatch(/empty\.yml:1: steps: a run file needs at least one step/);
    const odd = await run(file("odd.yml", "steps:\n  - name: x\n    expect: 2xx\n"), { url: app.url });
    expect((odd.error as UsageError).message).toMatch(/odd\.yml:\d+: steps\.0: a step is either/);
    const twice = await run(file("twice.yml", "steps:\n  - name: a\n    trigger: stripe x.y\n  - name: a\n    trigger: stripe x.y\n"), { url: app.url });
    expect((twice.error as UsageError).message).toContain('"a" names two steps');
  });

  it("--init writes a starting file covering happy path, duplicates, order and forgeries, and never overwrites one", async () => {
    const path = join(dir, "webhooks.smoke.yml");
    expect((await run(path, { init: true })).error).toBeUndefined();
    expect(existsSync(path)).toBe(true);
    const text = readFileSync(path, "utf8");
    for (const part of ["duplicate", "shuffle", "wrong-secret", "stale", "tamper", "no-signature"]) expect(text).toContain(part);
    expect((await run(path, { init: true })).error).toBeInstanceOf(UsageError);
    // The starting file runs as written against a handler that verifies.
    const started = await run(path, { url: app.url });
    expect(started.error).toBeUndefined();
  });
});
