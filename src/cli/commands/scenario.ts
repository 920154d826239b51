import type { ChaosRequest } from "../../chaos.js";
import { loadConfig } from "../../config.js";
import { parseHeaders } from "../../input.js";
import { afterSigning } from "../../chaos.js";
import { planSend, type Plan } from "../../send/plan.js";
import { scenarioDeliveries } from "../../send/send-scenario.js";
import { send } from "../../send/run.js";
import { formatDelivery, formatDryRun, formatSummary, type DeliveryReport } from "../format-delivery.js";
import { plural, progressBar, warnLine } from "../output.js";
import { flushLines, isStdoutClosed, onStdoutClosed, printLine, stdoutIsTerminal } from "../stdout.js";
import { chaosRequest, editsOf, providerOptionsOf } from "./trigger.js";

export interface ScenarioOptions extends ChaosRequest {
  url?: string;
  secret?: string[];
  header?: string[];
  account?: string;
  apiVersion?: string;
  timestampUnit?: string;
  svix?: boolean;
  signatureDiagnostics?: boolean;
  shuffle?: boolean;
  seed?: string;
  override?: string[];
  add?: string[];
  remove?: string[];
  dryRun?: boolean;
  duplicateRate: number;
  delay: number;
  expect: string;
  timeout: number;
  json?: boolean;
  config?: string;
  /** false with --no-signature. */
  signature?: boolean;
  /** Runs of the scenario, each with its own objects (default 1), and how many at once (default 1). */
  count?: number;
  concurrency?: number;
  /** Runs started per second at most. */
  rate?: number;
  /** Stop starting runs after this many seconds. */
  duration?: number;
}

/** A named sequence of a provider's events, the same objects throughout, sent in order (or shuffled, reproducibly). */
export async function runScenario(providerArg: string, name: string, opts: ScenarioOptions): Promise<void> {
  const plan = await planSend({
    provider: providerArg,
    // A name of wh-sim's, or a file of the user's (YAML or JSON).
    what: { kind: "scenario", name, shuffle: opts.shuffle, duplicateRate: opts.duplicateRate, delayMs: opts.delay, edits: editsOf(opts) },
    url: opts.url,
    secrets: opts.secret,
    providerOptions: providerOptionsOf(opts),
    headers: parseHeaders(opts.header),
    chaos: chaosRequest(opts),
    count: opts.count,
    concurrency: opts.concurrency,
    rate: opts.rate,
    durationSeconds: opts.duration,
    expect: opts.expect,
    timeoutMs: opts.timeout,
    seed: opts.seed,
    config: await loadConfig(opts.config),
  });
  if (opts.dryRun) return dryRun(plan, opts.json ?? false);
  const many = plan.count > 1;
  // Many runs on a terminal: a bar of runs, with each failing delivery printed above it.
  const progress = plan.count > 20 && Number.isFinite(plan.count) && !opts.json && stdoutIsTerminal() ? progressBar(plan.count) : undefined;
  const stop = new AbortController();
  onStdoutClosed(() => stop.abort());
  const outcome = await send(plan, {
    onReport: (report: DeliveryReport) => void (progress ? undefined : printLine(formatDelivery(report, opts.json))),
    onRunDone: (failed) => progress?.tick(!failed, failed ? formatDelivery(failed) : undefined),
    signal: stop.signal,
    onWarning: warnLine,
  }).finally(flushLines);
  progress?.done();
  if (!opts.json) {
    const of = many ? `${plural(outcome.started, "run")} of ` : "";
    const summary = formatSummary(outcome.tally, opts.expect, many ? outcome.seconds : undefined);
    console.error(summary.replace("deliveries", `deliveries of ${of}${plan.scenario!.provider} ${plan.scenario!.name}`));
  }
  const failure = outcome.tally.failure();
  if (failure) throw failure;
}

/** Each step's delivery as it would be sent (chaos applied), in the order it would be; nothing is sent. */
async function dryRun(plan: Plan, json: boolean): Promise<void> {
  const { order } = await scenarioDeliveries(plan.provider, plan.scenario!, {
    signer: plan.signer,
    options: plan.options,
    chaos: plan.chaos,
    extraHeaders: plan.request.headers ?? {},
    seed: plan.request.seed,
    shuffle: plan.request.what.kind === "scenario" && plan.request.what.shuffle === true,
    edits: plan.request.what.kind === "scenario" ? plan.request.what.edits : undefined,
  });
  for (const { index, delivery } of order) {
    if (isStdoutClosed()) break;
    const sent = afterSigning(plan.provider, delivery, plan.chaos);
    const step = `${index}/${order.length}`;
    printLine(json ? JSON.stringify({ provider: plan.provider.id, step, url: plan.url, ...sent }) : `# step ${step}\n${formatDryRun(plan.url, sent)}\n`);
  }
  flushLines();
}
