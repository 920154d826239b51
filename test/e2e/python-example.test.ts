// examples/python/: a Flask handler that verifies with Stripe's Python library and calls Stripe back,
// its pytest suite driving `wh-sim listen` over the control plane only (no JavaScript, no wh-sim
// package for Python). Run as a user would run it, with Debian's python3, flask, pytest and stripe.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BIN } from "../helpers/cli.js";
import { has } from "../helpers/system-tools.js";

const EXAMPLE = fileURLToPath(new URL("../../examples/python/", import.meta.url));

describe.runIf(has("python3-stripe") && has("python3-flask") && has("python3-pytest"))("the Python example (examples/python/)", () => {
  it("passes its pytest suite: verified, called back, a forgery refused, a duplicate handled once, reset between tests", async () => {
    const run = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn("/usr/bin/python3", ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", "--color=no"], {
        cwd: EXAMPLE,
        env: { ...process.env, WH_SIM: `${process.execPath} ${BIN}`, PYTHONDONTWRITEBYTECODE: "1" },
      });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      child.on("close", (code) => resolve({ code, output }));
    });
    expect(run.output).toMatch(/4 passed/);
    for (const test of [
      "test_a_refreshed_balance_is_handled_with_the_account_the_api_answers",
      "test_a_forged_event_is_refused",
      "test_a_duplicate_is_handled_once",
      "test_reset_between_tests_leaves_nothing_behind",
    ])
      expect(run.output).toContain(`PASSED test_handler.py::${test}`);
    expect(run.code).toBe(0);
  }, 60_000);
});
