// The GitHub Action (action.yml), its steps executed as a runner executes a composite action's
// `shell: bash` steps: expressions replaced by the inputs, GITHUB_ACTION_PATH, GITHUB_WORKSPACE,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY set, each step in `bash --noprofile --norc -eo pipefail`.
// Against an app that verifies with stripe-node (it passes) and one that takes anything (it fails).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { startTargetServer } from "../helpers/target-server.js";
import { stripeVerifier } from "../helpers/verifying-apps.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const SECRET = "whsec_the_action_test_secret_0001";

interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { name: string; id?: string; shell: string; run: string; env?: Record<string, string>; "working-directory"?: string }[] };
}

/** Runs the action's steps in a fresh workspace holding `files`, with these inputs (not blocking: the apps answer from this process). */
async function runAction(inputs: Record<string, string>, files: Record<string, string>) {
  const action = parse(readFileSync(join(root, "action.yml"), "utf8")) as Action;
  expect(action.runs.using).toBe("composite");
  const workspace = mkdtempSync(join(tmpdir(), "wh-sim-action-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(workspace, name), text);
  const outputFile = join(workspace, ".github-output");
  const summaryFile = join(workspace, ".github-summary");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const values = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, inputs[name] ?? input.default ?? ""]));
  const expand = (text: string) =>
    text.replace(/\$\{\{\s*(inputs\.([\w-]+)|github\.workspace)\s*\}\}/g, (_all, _expr, input?: string) => (input ? values[input]! : workspace));
  let code = 0;
  let log = "";
  for (const step of action.runs.steps) {
    expect(step.shell).toBe("bash");
    const env = {
      PATH: process.env.PATH!,
      HOME: process.env.HOME!,
      GITHUB_ACTIONS: "true",
      GITHUB_ACTION_PATH: root.replace(/\/$/, ""),
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TOOL_CACHE: mkdtempSync(join(tmpdir(), "wh-sim-tool-cache-")),
      WH_SIM_HOME: mkdtempSync(join(tmpdir(), "wh-sim-action-home-")),
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)])),
    };
    const run = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", expand(step.run)], {
      cwd: step["working-directory"] ? expand(step["working-directory"]) : workspace,
      env,
    });
    run.stdout.on("data", (d: Buffer) => (log += d.toString()));
    run.stderr.on("data", (d: Buffer) => (log += d.toString()));
    code = await new Promise<number>((resolve) => run.on("close", (c) => resolve(c ?? 1)));
    if (code !== 0) break;
  }
  const outputs = Object.fromEntries(
    readFileSync(outputFile, "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split("=") as [string, string]),
  );
  return { code, log, outputs, summary: readFileSync(summaryFile, "utf8"), workspace, action };
}

const RUN_FILE = `name: smoke
steps:
  - name: a valid event is accepted
    trigger: stripe invoice.paid
  - name: a forged signature is rejected
    trigger: stripe invoice.paid
    chaos: [wrong-secret]
    expect: 4xx
`;

describe.runIf(existsSync(join(root, "dist", "bundle", "cli.cjs")))("the GitHub Action, run as a runner runs it", () => {
  it("passes against a handler that verifies: outputs, a job summary and a JUnit report; the secret masked", async () => {
    const app = await startTargetServer(stripeVerifier(SECRET));
    try {
      const { code, log, outputs, summary, workspace, action } = await runAction(
        { url: `${app.url}/webhook`, secrets: `stripe=${SECRET}\n`, "run-file": "smoke.yml", junit: "reports/junit.xml", args: "--timeout 5000" },
        { "smoke.yml": RUN_FILE },
      );
      expect(code, log).toBe(0);
      expect(Object.keys(action.outputs).sort()).toEqual(["failed", "junit", "passed"]);
      expect(outputs).toEqual({ passed: "2", failed: "0", junit: "reports/junit.xml" });
      expect(summary).toMatch(/2 of 2 steps held/);
      expect(summary).toMatch(/✅ \| a forged signature is rejected/);
      expect(readFileSync(join(workspace, "reports/junit.xml"), "utf8")).toMatch(/<testsuite name="smoke" tests="2" failures="0"/);
      expect(log).toContain(`::add-mask::${SECRET}`);
      expect(log).toMatch(/already built in/);
    } finally {
      await app.close();
    }
  });

  it("fails the step against a handler that takes a forgery, and says why in the summary", async () => {
    const app = await startTargetServer(() => ({ status: 200, body: "ok" }));
    try {
      const { code, outputs, summary } = await runAction({ url: `${app.url}/webhook`, secrets: `stripe=${SECRET}` }, { "webhooks.smoke.yml": RUN_FILE });
      expect(code).toBe(1);
      expect(outputs).toEqual({ passed: "1", failed: "1", junit: "wh-sim-junit.xml" });
      expect(summary).toMatch(/1 of 2 steps held/);
      expect(summary).toMatch(/❌ \| a forged signature is rejected \| [\d.]+ s \| .*200/);
    } finally {
      await app.close();
    }
  });

  it("a run file that is not there: exit 2 and a summary that says no step ran", async () => {
    const { code, summary } = await runAction({ "run-file": "missing.yml" }, {});
    expect(code).toBe(2);
    expect(summary).toMatch(/ended with exit code 2 before any step ran/);
  });
});
