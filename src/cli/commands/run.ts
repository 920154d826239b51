import { monotonicMs } from "../../lib/clock.js";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { secretsByProvider } from "../../credentials.js";
import { loadConfig } from "../../config.js";
import { availableProviders } from "../../providers/registry.js";
import { readRunFile } from "../../scenarios/run-file.js";
import { UsageError, WhSimError } from "../../lib/errors.js";
import { inStep, runSteps, stepRequest, type StepResult } from "../../send/run-steps.js";
import { formatJUnit } from "../junit.js";
import { indent, mark, paint, printable, printableBlock } from "../output.js";

export interface RunOptions {
  url?: string;
  secret?: string[];
  junit?: string;
  json?: boolean;
  init?: boolean;
  /** Check every step and say what it would send, sending nothing. */
  dryRun?: boolean;
  timeout: number;
  config?: string;
}

export const STARTER = "webhooks.smoke.yml";

/**
 * A smoke-test file of steps (a trigger or a scenario, chaos included) with what each must get:
 * a report per step, `--junit` for CI, exit 1 when any expectation failed.
 */
export async function runRunFile(given: string | undefined, opts: RunOptions): Promise<void> {
  if (opts.init) return init(given ?? STARTER);
  // The starter's name, found by itself in the folder it was written to.
  const file = given ?? (existsSync(STARTER) ? STARTER : undefined);
  if (!file) throw new UsageError(`missing the run file: there is no ${STARTER} here`, `wh-sim run <file>, or wh-sim run --init to write ${STARTER}`);
  if (opts.dryRun) return dryRun(file, opts);
  const started = monotonicMs();
  const { name, results } = await runSteps(file, opts, (result) =>
    console.log(
      opts.json
        ? JSON.stringify({ step: result.name, ok: result.ok, time_s: result.seconds, ...(result.failure ? { failure: result.failure } : {}) })
        : formatStep(result),
    ),
  );
  const failed = results.filter((r) => !r.ok).length;
  if (opts.junit) writeJUnit(opts.junit, formatJUnit({ name: name ?? basename(file), file, seconds: (monotonicMs() - started) / 1000, results }));
  if (!opts.json)
    console.error(
      `${mark(failed === 0)} ${results.length - failed} of ${results.length} steps held${opts.junit ? paint.dim(` · JUnit report: ${opts.junit}`) : ""}`,
    );
  if (failed > 0) throw new WhSimError(`${failed} of ${results.length} steps failed`, 1);
}

/** The report where --junit says, its folder made if need be (`reports/junit.xml`); one that cannot be written is said, not a crash. */
function writeJUnit(path: string, xml: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, xml);
  } catch (error) {
    throw new WhSimError(
      `cannot write the JUnit report ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      1,
      "give --junit a path in a folder you can write to",
    );
  }
}

/** One line per step; a failed one with its reason and the response excerpt under it. */
function formatStep(result: StepResult): string {
  const line = `${mark(result.ok)} ${paint.bold(printable(result.name))}${paint.dim(` (${result.what}, ${result.seconds.toFixed(2)} s)`)}`;
  if (!result.failure) return line;
  return [
    line,
    indent(printable(result.failure.message)),
    ...(result.failure.detail ? [indent(paint.dim(printableBlock(result.failure.detail.slice(0, 800))))] : []),
  ].join("\n");
}

/** `--dry-run`: every step planned (so that each mistake is found before anything is sent) and said, nothing sent. */
async function dryRun(file: string, opts: RunOptions): Promise<void> {
  const { steps } = await readRunFile(file);
  const secrets = secretsByProvider(opts.secret, availableProviders());
  const config = await loadConfig(opts.config);
  const { planSend } = await import("../../send/plan.js");
  const { scenarioDeliveries } = await import("../../send/send-scenario.js");
  for (const [i, step] of steps.entries()) {
    const { name, what, request } = stepRequest(step, i, opts, secrets, config);
    // Planned, and its first delivery rendered (not sent): a field a `set` names that the event lacks is found too.
    const plan = await planSend(request)
      .then(async (planned) => {
        if (planned.event) await planned.event.prepare(0);
        if (planned.scenario) await scenarioDeliveries(planned.provider, planned.scenario, planned);
        return planned;
      })
      .catch((thrown: unknown) => Promise.reject(inStep(name, thrown)));
    const chaos = plan.chaos.names.length ? ` [${plan.chaos.names.join(", ")}]` : "";
    console.log(`${paint.dim("○")} ${paint.bold(printable(name))}${paint.dim(` (${what}${chaos})`)} → ${plan.url}, expect ${plan.expect}`);
  }
  console.error(`${steps.length} steps checked; nothing sent (without --dry-run, each is sent and judged)`);
}

function init(file: string): void {
  if (existsSync(file)) throw new UsageError(`${file} exists already`, "give another name: wh-sim run --init other.smoke.yml");
  writeFileSync(
    file,
    `# What our handler must survive. Run it against any environment:
#   wh-sim run ${basename(file)} --url "$STAGING_WEBHOOK_URL" --secret stripe="$STRIPE_WEBHOOK_SECRET" --junit report.xml
name: webhooks smoke test
steps:
  - name: a valid event is accepted
    trigger: stripe invoice.paid
    expect: 2xx

  - name: a duplicate is accepted (the handler must process it once)
    trigger: stripe invoice.paid
    chaos: { duplicate: 1 }
    expect: 2xx

  - name: events out of order are accepted
    scenario: stripe fc-account-lifecycle
    shuffle: true
    seed: 7

  - name: a forged signature is rejected
    trigger: stripe invoice.paid
    chaos: [wrong-secret]
    expect: 4xx

  - name: a stale signature is rejected
    trigger: stripe invoice.paid
    chaos: [stale]
    expect: 4xx

  - name: a body changed after signing is rejected
    trigger: stripe invoice.paid
    chaos: [tamper]
    expect: 4xx

  - name: a delivery without a signature is rejected
    trigger: stripe invoice.paid
    chaos: [no-signature]
    expect: 4xx
`,
  );
  console.log(`wrote ${file}: run it with wh-sim run ${file} --url <your endpoint>`);
}
