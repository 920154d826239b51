import { CommanderError } from "commander";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createProgram } from "../../src/cli/program.js";
import { UsageError } from "../../src/lib/errors.js";

// argv → what each command receives, with the commands themselves replaced: this is the parsing
// contract of the command line, checked in-process (no spawn) for every command.
const calls: { command: string; args: unknown[] }[] = [];
const record =
  (command: string) =>
  async (...args: unknown[]) =>
    void calls.push({ command, args });
vi.mock("../../src/cli/commands/trigger.js", () => ({ runTrigger: record("trigger") }));
vi.mock("../../src/cli/commands/listen.js", () => ({ runListen: record("listen") }));
vi.mock("../../src/cli/commands/replay.js", () => ({ runReplay: record("replay") }));
vi.mock("../../src/cli/commands/sign.js", () => ({ runSign: record("sign") }));
vi.mock("../../src/cli/commands/verify.js", () => ({ runVerify: record("verify") }));
vi.mock("../../src/cli/commands/list.js", () => ({ runList: record("list") }));
vi.mock("../../src/cli/commands/secret.js", () => ({ runSecret: record("secret") }));
vi.mock("../../src/cli/commands/demo.js", () => ({ runDemo: record("demo") }));
vi.mock("../../src/cli/commands/completion.js", () => ({ runCompletion: record("completion") }));
vi.mock("../../src/cli/commands/scenario.js", () => ({ runScenario: record("scenario") }));
vi.mock("../../src/cli/commands/run.js", () => ({ runRunFile: record("run") }));

let out = "";
let err = "";
async function parse(argv: string[]) {
  calls.length = 0;
  await createProgram({ writeOut: (t) => void (out += t), writeErr: (t) => void (err += t) }).parseAsync(argv, { from: "user" });
  expect(calls).toHaveLength(1);
  return calls[0]!;
}
async function parseError(argv: string[]): Promise<CommanderError> {
  try {
    await parse(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CommanderError);
    return error as CommanderError;
  }
  throw new Error(`${argv.join(" ")} parsed without an error`);
}

beforeEach(() => {
  out = "";
  err = "";
});

const GLOBALS = {};
const TRIGGER = { ...GLOBALS, expect: "2xx", timeout: 10_000, count: 1, concurrency: 1, signature: true };
const LISTEN = {
  ...GLOBALS,
  status: 200,
  delay: 0,
  failRate: 0,
  maxBody: 10 * 1024 * 1024,
  timeout: 10_000,
  requestTimeout: 30_000,
};

describe("argv → the options each command receives", () => {
  it.each<[string[], string, unknown[]]>([
    [["trigger", "stripe", "customer.created"], "trigger", ["stripe", "customer.created", TRIGGER]],
    [["trigger"], "trigger", [undefined, undefined, TRIGGER]],
    [
      ["trigger", "stripe", "account.updated", "-u", "http://x/h", "-s", "whsec_a", "-s", "whsec_b", "-o", "a.b=1", "-o", "c=d", "--account", "acct_1"],
      "trigger",
      ["stripe", "account.updated", { ...TRIGGER, url: "http://x/h", secret: ["whsec_a", "whsec_b"], override: ["a.b=1", "c=d"], account: "acct_1" }],
    ],
    [
      ["trigger", "stripe", "invoice.paid", "--count", "500", "--concurrency", "20", "--json", "--expect", "200,202", "--timeout", "300"],
      "trigger",
      ["stripe", "invoice.paid", { ...TRIGGER, count: 500, concurrency: 20, json: true, expect: "200,202", timeout: 300 }],
    ],
    [
      ["trigger", "stripe", "x", "--seed", "7", "--at", "1700000000", "--dry-run"],
      "trigger",
      ["stripe", "x", { ...TRIGGER, seed: "7", at: 1_700_000_000, dryRun: true }],
    ],
    [
      ["trigger", "stripe", "x", "--print", "curl", "-H", "X-A: 1", "--data", "{}", "--payload", "@e.json"],
      "trigger",
      ["stripe", "x", { ...TRIGGER, print: "curl", header: ["X-A: 1"], data: "{}", payload: "@e.json" }],
    ],
    [
      ["trigger", "bridge", "item.refreshed", "--api-version", "2021.06.01", "--timestamp-unit", "s"],
      "trigger",
      ["bridge", "item.refreshed", { ...TRIGGER, apiVersion: "2021.06.01", timestampUnit: "s" }],
    ],
    [
      ["trigger", "standard", "ping", "--svix", "--insecure", "--ca", "ca.pem"],
      "trigger",
      ["standard", "ping", { ...TRIGGER, svix: true, insecure: true, ca: "ca.pem" }],
    ],
    [
      ["--no-color", "--config", "c.json", "--debug", "trigger", "stripe", "x"],
      "trigger",
      ["stripe", "x", { ...TRIGGER, color: false, config: "c.json", debug: true }],
    ],
    [["--color", "trigger", "stripe", "x"], "trigger", ["stripe", "x", { ...TRIGGER, color: true }]],
    [["listen"], "listen", [LISTEN]],
    [
      [
        "listen",
        "-p",
        "0",
        "--host",
        "::1",
        "--path",
        "/h",
        "-s",
        "stripe=whsec_a",
        "--body",
        "--json",
        "--record",
        "r.ndjson",
        "--forward-to",
        "http://app/x",
      ],
      "listen",
      [{ ...LISTEN, port: 0, host: "::1", path: "/h", secret: ["stripe=whsec_a"], body: true, json: true, record: "r.ndjson", forwardTo: "http://app/x" }],
    ],
    [
      ["listen", "--status", "503", "--delay", "50", "--fail-rate", "0.5", "--max-body", "512kb", "--timeout", "2000", "--request-timeout", "400"],
      "listen",
      [{ ...LISTEN, status: 503, delay: 50, failRate: 0.5, maxBody: 512 * 1024, timeout: 2000, requestTimeout: 400 }],
    ],
    [
      ["listen", "-f", "localhost:3000/x", "--events", "invoice.paid,customer.*", "--print-secret"],
      "listen",
      [{ ...LISTEN, forwardTo: "localhost:3000/x", events: ["invoice.paid", "customer.*"], printSecret: true }],
    ],
    [
      ["trigger", "stripe", "x", "--add", "a.b=1", "--remove", "c", "-o", "d=2"],
      "trigger",
      ["stripe", "x", { ...TRIGGER, add: ["a.b=1"], remove: ["c"], override: ["d=2"] }],
    ],
    [["completion", "fish"], "completion", ["fish"]],
    [
      ["scenario", "stripe", "fc-account-lifecycle", "--shuffle", "--seed", "7", "--duplicate-rate", "0.5", "--delay", "20", "--stale", "--json"],
      "scenario",
      [
        "stripe",
        "fc-account-lifecycle",
        {
          ...GLOBALS,
          expect: "2xx",
          timeout: 10_000,
          signature: true,
          count: 1,
          concurrency: 1,
          shuffle: true,
          seed: "7",
          duplicateRate: 0.5,
          delay: 20,
          stale: true,
          json: true,
        },
      ],
    ],
    [["list", "--scenarios"], "list", [undefined, { scenarios: true }]],
    [
      ["run", "smoke.yml", "--url", "http://x", "-s", "stripe=whsec_a", "--junit", "r.xml", "--json"],
      "run",
      ["smoke.yml", { ...GLOBALS, timeout: 10_000, url: "http://x", secret: ["stripe=whsec_a"], junit: "r.xml", json: true }],
    ],
    [["run", "--init"], "run", [undefined, { ...GLOBALS, timeout: 10_000, init: true }]],
    [["replay", "r.ndjson"], "replay", ["r.ndjson", { ...GLOBALS, expect: "2xx", timeout: 10_000 }]],
    [
      ["replay", "r.ndjson", "--url", "http://x", "--filter", "invoice.paid", "--index", "3", "--resign", "-s", "whsec_a", "--json"],
      "replay",
      [
        "r.ndjson",
        { ...GLOBALS, expect: "2xx", timeout: 10_000, url: "http://x", filter: "invoice.paid", index: 3, resign: true, secret: ["whsec_a"], json: true },
      ],
    ],
    [
      ["sign", "stripe", "--body", "-", "--secret", "whsec_a", "--at", "5", "--json"],
      "sign",
      ["stripe", { ...GLOBALS, body: "-", secret: ["whsec_a"], at: 5, json: true }],
    ],
    [["sign", "standard", "--body", "b.json", "--svix"], "sign", ["standard", { ...GLOBALS, body: "b.json", svix: true }]],
    [
      ["verify", "plaid", "--body", "b.json", "-H", "Plaid-Verification: x", "--jwk", "k.json", "--at", "1590887001"],
      "verify",
      ["plaid", { ...GLOBALS, body: "b.json", header: ["Plaid-Verification: x"], jwk: "k.json", at: 1_590_887_001 }],
    ],
    [["list"], "list", [undefined, {}]],
    [["list", "stripe", "--json"], "list", ["stripe", { json: true }]],
    [["secret", "plaid", "--new", "--json"], "secret", ["plaid", { new: true, json: true }]],
    [["demo", "--json"], "demo", [{ json: true }]],
  ])("%j → %s", async (argv, command, args) => {
    const call = await parse(argv);
    expect(call.command).toBe(command);
    expect(call.args.slice(0, args.length)).toEqual(args);
  });
});

describe("argv that never reaches a command", () => {
  it.each<[string[], string, RegExp]>([
    [["trigger", "stripe", "x", "--bogus"], "commander.unknownOption", /unknown option '--bogus'/],
    [["trigger", "stripe", "x", "--count", "0"], "commander.invalidArgument", /--count.*whole number from 1/],
    [["trigger", "stripe", "x", "--expect", "ok"], "commander.invalidArgument", /status such as 200, 2xx/],
    [["trigger", "stripe", "x", "--print", "wget"], "commander.invalidArgument", /Allowed choices are curl/],
    [["listen", "--port", "70000"], "commander.invalidArgument", /whole number from 0 to 65535/],
    [["listen", "--fail-rate", "2"], "commander.invalidArgument", /number from 0 to 1/],
    [["listen", "--status", "100"], "commander.invalidArgument", /whole number from 200 to 599/],
    [["listen", "--max-body", "lots"], "commander.invalidArgument", /size such as/],
    [["sign", "stripe"], "commander.missingMandatoryOptionValue", /--body/],
    [["trigerr"], "commander.unknownCommand", /Did you mean trigger\?/],
    [["trigger", "stripe", "x", "--account", "xyz"], "commander.invalidArgument", /expected a connected account id such as acct_/],
  ])("%j is refused (%s)", async (argv, code, message) => {
    const error = await parseError(argv);
    expect(error.code).toBe(code);
    expect(err).toMatch(message);
    expect(calls).toHaveLength(0);
  });

  it("trigger --help groups its options: where it is sent, the event, chaos, volume, output", async () => {
    out = "";
    expect((await parseError(["trigger", "--help"])).code).toBe("commander.helpDisplayed");
    const headings = ["Where and how it is sent:", "The event:", "Chaos (what breaks handlers in production):", "Volume and retries:", "Output:"];
    const at = headings.map((h) => out.indexOf(`\n${h}\n`));
    expect(at.every((i) => i > 0)).toBe(true);
    const ends = [...at, out.indexOf("\nGlobal Options:")].sort((a, b) => a - b);
    const section = (i: number) =>
      out.slice(
        at[i]!,
        ends.find((e) => e > at[i]!),
      );
    expect(section(2)).toMatch(/--wrong-secret[\s\S]*--tamper[\s\S]*--rotate/);
    expect(section(0)).toMatch(/--url[\s\S]*--secret/);
    expect(section(4)).toMatch(/--dry-run[\s\S]*--json/);
    expect(out.split("\n").length).toBeLessThan(129);
  });

  it("--help shows each option with examples, and --version the package version", async () => {
    expect((await parseError(["trigger", "--help"])).code).toBe("commander.helpDisplayed");
    expect(out).toContain("Examples:");
    expect(out).toContain("--override <path=value>");
    out = "";
    expect((await parseError(["--version"])).code).toBe("commander.version");
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("peers' habits get a pointer, never a bare unknown option or a wrong did-you-mean", () => {
  it.each<[string[], RegExp, RegExp]>([
    [["trigger", "stripe", "x", "--stripe-account", "acct_1"], /--stripe-account is not a wh-sim option/, /--account acct_/],
    [["trigger", "stripe", "x", "--format", "JSON"], /--format is not a wh-sim option/, /--json/],
    [["trigger", "stripe", "x", "--edit"], /--edit is not a wh-sim option/, /--dry-run.*--payload @file/],
    [["listen", "--format", "json"], /--format is not a wh-sim option/, /--json/],
    [["listen", "3000"], /listen takes no argument, got "3000"/, /did you mean --port 3000\?/],
  ])("%j", async (argv, message, hint) => {
    const error = await parse(argv).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(message);
    expect((error as UsageError).hint).toMatch(hint);
    expect(err).not.toMatch(/did you mean --port/i);
  });
});
