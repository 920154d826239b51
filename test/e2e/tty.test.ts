import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { COLOUR, ERASE, startPty } from "../helpers/pty.js";
import { has } from "../helpers/system-tools.js";
import { startTargetServer } from "../helpers/target-server.js";

// What a person at a terminal sees: colour decisions, the picker, Ctrl-C. Each runs wh-sim in a
// pseudo-terminal.
describe.runIf(has("script"))("colour on a terminal", () => {
  it.each<[string, string[], NodeJS.ProcessEnv, boolean]>([
    ["by default", [], {}, true],
    ["not with NO_COLOR=1", [], { NO_COLOR: "1" }, false],
    ["not with NO_COLOR=anything", [], { NO_COLOR: "yes" }, false],
    ["with NO_COLOR=1 and --color", ["--color"], { NO_COLOR: "1" }, true],
    ["with NO_COLOR=1 and FORCE_COLOR=1", [], { NO_COLOR: "1", FORCE_COLOR: "1" }, true],
    ["not with FORCE_COLOR=0", [], { FORCE_COLOR: "0" }, false],
    ["not with --no-color", ["--no-color"], {}, false],
  ])("%s", async (_name, flags, env, coloured) => {
    const run = startPty([...flags, "list", "truv"], env);
    expect(await run.exited).toBe(0);
    expect(run.output).toContain("truv — Truv");
    expect(COLOUR.test(run.output)).toBe(coloured);
  });

  it("in a pipe, none unless asked", async () => {
    expect(COLOUR.test((await runCli(["list", "truv"], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } })).stdout)).toBe(false);
    expect(COLOUR.test((await runCli(["--color", "list", "truv"], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } })).stdout)).toBe(true);
  });
});

describe.runIf(has("script"))("the picker", () => {
  let app: Awaited<ReturnType<typeof startTargetServer>>;
  beforeAll(async () => (app = await startTargetServer()));
  afterAll(() => app.close());

  it("finds an event fuzzily, offers the target, sends, and prints the command line that does the same", async () => {
    const next = app.nextRequest();
    const run = startPty(["trigger", "--url", app.url], { NO_COLOR: "1" });
    await run.waitFor(/Provider/);
    run.type("\r"); // stripe, the first
    await run.waitFor(/Event \(type to search/);
    run.type("fc bal");
    await run.waitFor(/❯ financial_connections\.account\.refreshed_balance/, "fc bal");
    run.type("\r");
    await run.waitFor(/Send to/);
    run.type("\r"); // keep the URL offered
    expect(await run.exited).toBe(0);
    expect(JSON.parse((await next).rawBody.toString()).type).toBe("financial_connections.account.refreshed_balance");
    expect(run.output).toContain(`the same without the picker: wh-sim trigger stripe financial_connections.account.refreshed_balance --url ${app.url}`);
    expect(COLOUR.test(run.output)).toBe(false);
  });

  it("offers an event's variants", async () => {
    const next = app.nextRequest();
    const run = startPty(["trigger", "plaid", "--url", app.url], { NO_COLOR: "1" });
    await run.waitFor(/Event \(type to search/);
    run.type("item error");
    await run.waitFor(/❯ ITEM\.ERROR/, "item error");
    run.type("\r");
    await run.waitFor(/comes in variants/);
    run.type("\u001b[B\r"); // the first variant
    await run.waitFor(/Send to/);
    run.type("\r");
    expect(await run.exited).toBe(0);
    expect(JSON.parse((await next).rawBody.toString())).toMatchObject({ webhook_type: "ITEM", webhook_code: "ERROR" });
    expect(run.output).toMatch(/the same without the picker: wh-sim trigger plaid ITEM\.ERROR@\w+ --url/);
  });

  it("Ctrl-C in a prompt exits 130 and clears the prompt", async () => {
    const run = startPty(["trigger"]);
    await run.waitFor(/Provider/);
    run.type("\u0003");
    expect(await run.exited).toBe(130);
    expect(run.output).not.toMatch(/\bat .*\.js:\d+|crashed/);
    // The prompt's lines are erased (cursor up / erase line) before wh-sim ends.
    expect(run.output.slice(run.output.lastIndexOf("Provider"))).toMatch(ERASE);
  });

  it("`wh-sim` alone offers the picker, the demo or the help on a terminal, and prints the help elsewhere", async () => {
    const run = startPty([], { NO_COLOR: "1" });
    await run.waitFor(/what would you like to do/);
    run.type("\u001b[B\u001b[B\r");
    expect(await run.exited).toBe(0);
    expect(run.output).toContain("Usage: wh-sim [options] [command]");
    const piped = await runCli([]);
    expect(piped.code).toBe(0);
    expect(piped.stdout + piped.stderr).toContain("Usage: wh-sim [options] [command]");
  });
});

describe.runIf(has("script"))("progress on a terminal", () => {
  let app: Awaited<ReturnType<typeof startTargetServer>>;
  beforeAll(async () => (app = await startTargetServer()));
  afterAll(() => app.close());

  it("a bulk trigger and many runs of a scenario draw a bar to the end, then their summary", async () => {
    const trigger = startPty(["trigger", "stripe", "customer.created", "--count", "30", "--concurrency", "4", "--url", app.url], { NO_COLOR: "1" });
    expect(await trigger.exited).toBe(0);
    expect(trigger.output).toContain("30/30");
    expect(trigger.output).toMatch(/30 of 30 deliveries met --expect 2xx/);
    const scenario = startPty(["scenario", "truv", "link-lifecycle", "--count", "25", "--concurrency", "5", "--url", app.url], { NO_COLOR: "1" });
    expect(await scenario.exited).toBe(0);
    expect(scenario.output).toContain("25/25");
    expect(scenario.output).toMatch(/100 of 100 deliveries of 25 runs of truv link-lifecycle met --expect 2xx/);
    // The bar replaces the line per delivery.
    expect(scenario.output).not.toContain("step 1/4");
  });
});
