// The action's second step: `wh-sim run` with the action's inputs, its steps read from its --json
// lines, then the job summary ($GITHUB_STEP_SUMMARY), the outputs ($GITHUB_OUTPUT: passed, failed,
// junit), and wh-sim's own exit code (1 when a step failed, 2 for a mistake in the inputs).
import { spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const env = process.env;
const bin = fileURLToPath(new URL("../../bin/wh-sim.cjs", import.meta.url));
const secrets = (env.WH_SIM_RUN_SECRETS ?? "")
  .split("\n")
  .map((line) => line.trim())
  .filter(Boolean);
for (const secret of secrets) {
  const value = secret.slice(secret.indexOf("=") + 1);
  // Never printed in the log, whatever wh-sim says about it.
  if (value && env.GITHUB_ACTIONS === "true") console.log(`::add-mask::${value}`);
}
const junit = env.WH_SIM_RUN_JUNIT || "wh-sim-junit.xml";
const args = [
  "run",
  env.WH_SIM_RUN_FILE || "webhooks.smoke.yml",
  "--json",
  "--junit",
  junit,
  ...(env.WH_SIM_RUN_URL ? ["--url", env.WH_SIM_RUN_URL] : []),
  ...secrets.flatMap((secret) => ["--secret", secret]),
  ...splitArgs(env.WH_SIM_RUN_ARGS ?? ""),
];
const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "inherit"], env: { ...env, NO_COLOR: "1" } });
let out = "";
child.stdout.on("data", (chunk) => {
  out += chunk;
  process.stdout.write(chunk);
});
const code = await new Promise((resolve) => child.on("close", (c) => resolve(c ?? 1)));
const steps = out
  .split("\n")
  .filter((line) => line.startsWith("{"))
  .map((line) => JSON.parse(line));
const failed = steps.filter((s) => !s.ok);
if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `passed=${steps.length - failed.length}\nfailed=${failed.length}\njunit=${junit}\n`);
if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summary(steps, code));
process.exit(code);

/** The job summary: a line per step, the failed ones with their reason. */
function summary(steps, code) {
  const cell = (text) => String(text).replaceAll("|", "\\|").replaceAll("\n", " ");
  const head = steps.length
    ? `**${steps.length - failed.length} of ${steps.length} steps held**`
    : `**wh-sim run ended with exit code ${code} before any step ran** (see the step's log)`;
  const rows = steps.map((s) => `| ${s.ok ? "✅" : "❌"} | ${cell(s.step)} | ${s.time_s.toFixed(2)} s | ${s.failure ? cell(s.failure.message) : ""} |`);
  return [
    `### wh-sim: ${env.WH_SIM_RUN_FILE || "webhooks.smoke.yml"}`,
    "",
    head,
    "",
    ...(rows.length ? ["| | step | time | why |", "|---|---|---|---|", ...rows] : []),
    "",
    "",
  ].join("\n");
}

/** `--timeout 20000 --secret "a b"`: words, with quotes kept together. */
function splitArgs(text) {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}
