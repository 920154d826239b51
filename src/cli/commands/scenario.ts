import { chaosSigner, resolveChaos, type ChaosRequest } from "../../chaos.js";
import { loadConfig, resolveUrl } from "../../config.js";
import { signerFor } from "../../credentials.js";
import { parseHeaders } from "../../input.js";
import { findScenario } from "../../scenarios/builtin.js";
import { Tally } from "../../send/attempt.js";
import { formatDelivery, formatSummary, type DeliveryReport } from "../format-delivery.js";
import { providerOptions } from "../provider-options.js";
import { resolveProvider } from "../resolve.js";
import { sendScenario, type ScenarioRun } from "../../send/send-scenario.js";
import { createSender } from "../../http/deliver.js";
import { bulkCount, createPacer } from "../../send/pace.js";
import { plural, progressBar } from "../output.js";
import { flushLines, isStdoutClosed, printLine } from "../stdout.js";

export interface ScenarioOptions extends ChaosRequest {
  url?: string;
  secret?: string[];
  header?: string[];
  account?: string;
  apiVersion?: string;
  timestampUnit?: string;
  svix?: boolean;
  shuffle?: boolean;
  seed?: string;
  duplicateRate: number;
  delay: number;
  expect: string;
  timeout: number;
  json?: boolean;
  config?: string;
  /** false with --no-signature. */
  signature?: boolean;
  /** Where each delivery's report goes instead of stdout (`wh-sim run`). */
  onReport?: (report: DeliveryReport) => void;
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
  const provider = await resolveProvider(providerArg);
  // A name of wh-sim's, or a file of the user's (YAML or JSON).
  const scenario = /\.(ya?ml|json)$/i.test(name)
    ? await (await import("../../scenarios/file.js")).readScenarioFile(name, provider.id)
    : findScenario(provider.id, name);
  const config = await loadConfig(opts.config);
  const options = providerOptions(provider, { account: opts.account, apiVersion: opts.apiVersion, timestampUnit: opts.timestampUnit, svix: opts.svix });
  const chaos = resolveChaos(provider, { ...opts, noSignature: opts.signature === false });
  const signer = await chaosSigner(provider, await signerFor(provider, opts.secret, config), chaos);
  const count = bulkCount(opts);
  const many = count > 1;
  // Many runs on a terminal: a bar of runs, with each failing delivery printed above it.
  const progress = count > 20 && Number.isFinite(count) && !opts.json && !opts.onReport && process.stdout.isTTY ? progressBar(count) : undefined;
  const show = (report: DeliveryReport) => {
    if (opts.onReport) return opts.onReport(report);
    if (!progress) printLine(formatDelivery(report, opts.json));
  };
  const tally = new Tally();
  const run: ScenarioRun = {
    url: resolveUrl(provider.id, opts.url, config),
    signer,
    options,
    chaos,
    extraHeaders: parseHeaders(opts.header),
    shuffle: opts.shuffle ?? false,
    duplicateRate: opts.duplicateRate,
    delayMs: opts.delay,
    expect: opts.expect,
    timeoutMs: opts.timeout,
    stopped: isStdoutClosed,
  };
  // Runs share kept-alive connections; each is a whole sequence with its own objects (seeded: seed:i).
  const sender = await createSender({ timeoutMs: opts.timeout, followRedirects: provider.followsRedirects });
  const pacer = createPacer({ count, rate: opts.rate, durationMs: opts.duration === undefined ? undefined : opts.duration * 1000 });
  let runs = 0;
  const worker = async () => {
    for (let i = await pacer.next(); i !== undefined && !isStdoutClosed(); i = await pacer.next()) {
      runs++;
      const label = many ? { run: i + 1 } : {};
      const finals = await sendScenario(provider, scenario, {
        ...run,
        sender,
        ...(opts.seed !== undefined ? { seed: many ? `${opts.seed}:${i}` : opts.seed } : {}),
        onAttempt: (report) => show({ ...report, ...label }),
      });
      for (const final of finals) tally.add({ ...final, ...label });
      const failed = finals.find((final) => !final.ok);
      progress?.tick(!failed, failed ? formatDelivery({ ...failed, ...label }) : undefined);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 1, count) }, worker));
  } finally {
    flushLines();
    await sender.close();
  }
  progress?.done();
  if (!opts.json && !opts.onReport) {
    const of = many ? `${plural(runs, "run")} of ` : "";
    console.error(
      formatSummary(tally, opts.expect, many ? pacer.elapsedSeconds() : undefined).replace(
        "deliveries",
        `deliveries of ${of}${scenario.provider} ${scenario.name}`,
      ),
    );
  }
  const failure = tally.failure();
  if (failure) throw failure;
}
