import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

// WH_SIM_BIN runs the suite against another build (e.g. an older one, to measure a fix).
export const BIN = process.env.WH_SIM_BIN ?? fileURLToPath(new URL("../../bin/wh-sim.cjs", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, without a TTY and without colour. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: Object.fromEntries(Object.entries({ ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...options.env }).filter(([, v]) => v !== undefined)),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}
