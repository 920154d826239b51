import { SEND_DEFAULTS } from "../defaults.js";
import { monotonicMs } from "../lib/clock.js";
import { chaosFromNames } from "../chaos-flags.js";
import { secretsByProvider } from "../credentials.js";
import { loadConfig, type Config } from "../config.js";
import { editsFrom } from "../events/edit.js";
import { UsageError } from "../lib/errors.js";
import { availableProviders } from "../providers/registry.js";
import { readRunFile, type RunStep } from "../scenarios/run-file.js";
import type { SendRequest } from "./plan.js";
import type { DeliveryReport } from "./report.js";

// A run file's steps, each sent as the one send request it is and judged: what `wh-sim run` prints
// and MCP's `run` returns.

export interface StepResult {
  name: string;
  /** `trigger stripe invoice.paid`, `scenario plaid item-error-repair`. */
  what: string;
  ok: boolean;
  seconds: number;
  failure?: { message: string; detail: string };
}

/** Where every step goes and how long each may take, and the secrets and config they are signed with. */
export interface StepOptions {
  url?: string | undefined;
  secret?: string[] | undefined;
  timeout: number;
  config?: string | undefined;
}

/** Every step of a run file, in order, each result handed on as it comes (the CLI prints it; MCP returns them all). */
export async function runSteps(
  file: string,
  opts: StepOptions,
  onStep: (result: StepResult) => void = () => undefined,
): Promise<{ name: string | undefined; results: StepResult[] }> {
  const { name, steps } = await readRunFile(file);
  const secrets = secretsByProvider(opts.secret, availableProviders());
  const config = await loadConfig(opts.config);
  const results: StepResult[] = [];
  for (const [i, step] of steps.entries()) {
    const result = await runStep(step, i, opts, secrets, config);
    results.push(result);
    onStep(result);
  }
  return { name, results };
}

/** A step as the one send request it is, with its name and what it does. */
export function stepRequest(step: RunStep, index: number, opts: Pick<StepOptions, "url" | "timeout">, secrets: Map<string, string[]>, config: Config) {
  const [provider = "", target = ""] = (step.trigger ?? step.scenario ?? "").split(" ");
  const what = `${step.trigger ? "trigger" : "scenario"} ${provider} ${target}`;
  const request: SendRequest = {
    provider,
    url: opts.url,
    secrets: secrets.get(provider),
    providerOptions: { account: step.account, apiVersion: step["api-version"] },
    chaos: chaosFromNames(step.chaos),
    expect: step.expect ?? SEND_DEFAULTS.expect,
    timeoutMs: opts.timeout,
    config,
    what: step.trigger
      ? { kind: "event", event: target, edits: editsFrom({ set: step.set, add: step.add, remove: step.remove }) }
      : { kind: "scenario", name: target, shuffle: step.shuffle, duplicateRate: step["duplicate-rate"] },
    count: step.trigger ? (step.count ?? 1) : 1,
    seed: step.seed === undefined ? undefined : String(step.seed),
  };
  return { name: step.name ?? `${index + 1}. ${what}`, what, request };
}

/** A usage error in a step (an unknown event) is the file's fault: it names the step and stops the run. */
export function inStep(name: string, thrown: unknown): unknown {
  return thrown instanceof UsageError ? new UsageError(`step "${name}": ${thrown.message}`, thrown.hint) : thrown;
}

async function runStep(
  step: RunStep,
  index: number,
  opts: Pick<StepOptions, "url" | "timeout">,
  secrets: Map<string, string[]>,
  config: Config,
): Promise<StepResult> {
  const { name, what, request } = stepRequest(step, index, opts, secrets, config);
  const reports: DeliveryReport[] = [];
  const started = monotonicMs();
  let error: unknown;
  try {
    const { send } = await import("./run.js");
    await send(request, { onReport: (report) => void reports.push(report) });
  } catch (thrown) {
    error = inStep(name, thrown);
    if (error instanceof UsageError) throw error;
  }
  const seconds = (monotonicMs() - started) / 1000;
  const bad = reports.find((r) => !r.ok);
  if (!error && !bad) return { name, what, ok: true, seconds };
  const message = bad ? (bad.error ?? `expected ${bad.expect}, got ${bad.status}`) : (error as Error).message;
  const detail = bad
    ? [
        `${bad.provider} ${bad.event} ${bad.id ?? ""} → ${bad.url}`,
        bad.hint ? `hint: ${bad.hint}` : "",
        bad.responseBody ? `response: ${bad.responseBody.slice(0, 2000)}` : "",
      ]
        .filter(Boolean)
        .join("\n")
    : "";
  return { name, what, ok: false, seconds, failure: { message, detail } };
}
