import { loadConfig, resolveUrl } from "../../config.js";
import { signerFor } from "../../credentials.js";
import { prepareDelivery, SEEDED_CLOCK, type PrepareInput, type PreparedDelivery } from "../../delivery.js";
import { parseHeaders, readInput, readJsonObject, withScheme } from "../../input.js";
import { createSender } from "../../http/deliver.js";
import { bulkCount, createPacer, newShare, type ThreadShare } from "../../send/pace.js";
import { Tally } from "../../send/attempt.js";
import { afterSigning, chaosSigner, resolveChaos, signingClock, type Chaos, type ChaosRequest } from "../../chaos.js";
import { retryPlan } from "../../send/retry.js";
import { monotonicMs } from "../../lib/clock.js";
import { availableParallelism } from "node:os";
import type { JsonObject, Provider } from "../../providers/types.js";
import { sendEvent, type Retry, type SendPlan } from "../../send/send-event.js";
import { formatCurl, formatDelivery, formatDryRun, formatSummary, type DeliveryReport } from "../format-delivery.js";
import { flushLines, isStdoutClosed, onStdoutClosed, printLine } from "../stdout.js";
import { paint, progressBar } from "../output.js";
import { chooseProviderAndEvent } from "../prompts.js";
import { providerOptions } from "../provider-options.js";
import { inferProvider, resolveProvider } from "../resolve.js";

export interface TriggerOptions extends ChaosRequest {
  url?: string;
  secret?: string[];
  override?: string[];
  add?: string[];
  remove?: string[];
  data?: string;
  payload?: string;
  header?: string[];
  account?: string;
  apiVersion?: string;
  timestampUnit?: string;
  svix?: boolean;
  expect: string;
  timeout: number;
  insecure?: boolean;
  ca?: string;
  count: number;
  concurrency: number;
  rate?: number;
  duration?: number;
  dryRun?: boolean;
  print?: "curl";
  json?: boolean;
  seed?: string;
  at?: number;
  config?: string;
  retry?: string | boolean;
  /** Where each delivery's report goes instead of stdout (`wh-sim run`). */
  onReport?: (report: DeliveryReport) => void;
  /** false with --no-signature. */
  signature?: boolean;
  retrySpeed?: number;
  /** How many threads a bulk run is spread over (default: see threadCount). */
  threads?: number;
}

/** What a run sends, understood once from the command line: every thread of a bulk run plans the same. */
export interface RunPlan {
  readonly provider: Provider;
  readonly url: string;
  readonly input: PrepareInput;
  readonly chaos: Chaos;
  readonly retry: Retry | undefined;
  /** Event i of the run, rendered and signed. */
  prepare(i: number): Promise<PreparedDelivery>;
  /** The provider and event chosen, and whether the user picked them interactively. */
  readonly picked: { readonly event: string; readonly interactive?: boolean };
}

/** What the user's --payload and --data said, once read: helper threads get them so (stdin cannot be read twice). */
export interface ReadInputs {
  readonly customBody?: string;
  readonly data?: JsonObject;
}

export async function planRun(providerArg: string | undefined, eventArg: string | undefined, opts: TriggerOptions, read?: ReadInputs): Promise<RunPlan> {
  const config = await loadConfig(opts.config);
  const [named, event] = await inferProvider(providerArg, eventArg);
  const picked = await chooseProviderAndEvent(named, event, (id) => resolveUrl(id, opts.url, config));
  const provider = await resolveProvider(picked.provider);
  const options = providerOptions(provider, { account: opts.account, apiVersion: opts.apiVersion, timestampUnit: opts.timestampUnit, svix: opts.svix });
  const url = picked.url !== undefined ? withScheme(picked.url) : resolveUrl(provider.id, opts.url, config);
  const chaos = resolveChaos(provider, { ...opts, noSignature: opts.signature === false });
  const input: PrepareInput = {
    choice: provider.resolveEvent(picked.event, options),
    signer: await chaosSigner(provider, await signerFor(provider, opts.secret, config), chaos),
    options,
    now: signingClock(chaos, opts.at !== undefined ? opts.at * 1000 : opts.seed !== undefined ? SEEDED_CLOCK.getTime() : Date.now()),
    ...(opts.payload !== undefined ? { customBody: read?.customBody ?? (await readInput("--payload", opts.payload)) } : {}),
    ...(opts.data !== undefined ? { data: read?.data ?? (await readJsonObject("--data", opts.data)) } : {}),
    edits: [
      ...(opts.add ?? []).map((spec) => ({ kind: "add" as const, spec })),
      ...(opts.override ?? []).map((spec) => ({ kind: "set" as const, spec })),
      ...(opts.remove ?? []).map((spec) => ({ kind: "remove" as const, spec })),
    ],
    extraHeaders: parseHeaders(opts.header),
  };
  // Each of --count events is distinct: its own ids, timestamp and signature (seeded: seed:i).
  const prepare = (i: number) =>
    prepareDelivery(provider, {
      ...input,
      now: opts.at !== undefined || opts.seed !== undefined ? input.now : signingClock(chaos),
      ...(opts.seed !== undefined ? { seed: opts.count > 1 ? `${opts.seed}:${i}` : opts.seed } : {}),
    });
  const retry = retryPlan(provider, options, opts.retry, opts.retrySpeed ?? 1, opts.timeout);
  return { provider, url, input, chaos, retry, prepare, picked };
}

export async function runTrigger(providerArg: string | undefined, eventArg: string | undefined, opts: TriggerOptions): Promise<void> {
  const plan = await planRun(providerArg, eventArg, opts);
  const { provider, url, chaos, picked } = plan;
  if (opts.print || opts.dryRun) {
    for (let i = 0; i < opts.count && !isStdoutClosed(); i++) {
      const prepared = afterSigning(provider, await plan.prepare(i), chaos);
      console.log(
        opts.print === "curl"
          ? formatCurl(url, prepared)
          : opts.json
            ? JSON.stringify({ provider: provider.id, url, ...prepared })
            : formatDryRun(url, prepared),
      );
    }
    return;
  }

  const count = bulkCount(opts);
  const progress = count > 20 && Number.isFinite(count) && !opts.json && process.stdout.isTTY ? progressBar(count) : undefined;
  // Reports are printed and tallied as they come, never kept: memory stays flat however many are sent.
  const tally = new Tally();
  const show = (report: DeliveryReport) => {
    if (opts.onReport) return opts.onReport(report);
    if (progress) progress.tick(report.ok ?? false, report.ok ? undefined : formatDelivery(report));
    else printLine(formatDelivery(report, opts.json));
  };
  const threads = opts.onReport ? 1 : threadCount(opts, count);
  const share = newShare(threads, monotonicMs());
  // The other threads' reports are shown here as they come; their tallies are added at the end.
  const others =
    threads > 1
      ? (await import("./trigger-threads.js")).startThreads({
          provider: provider.id,
          event: picked.event,
          url,
          opts,
          read: {
            ...(plan.input.customBody !== undefined ? { customBody: plan.input.customBody } : {}),
            ...(plan.input.data ? { data: plan.input.data } : {}),
          },
          share,
          onReport: show,
        })
      : undefined;
  // A closed stdout (`| head -1`) stops the run quietly: nothing more is sent, and the exit code covers what was.
  onStdoutClosed(() => others?.stop());
  try {
    tally.merge((await sendShare(plan, opts, share, show, isStdoutClosed)).snapshot());
    for (const snapshot of (await others?.done) ?? []) tally.merge(snapshot);
  } finally {
    others?.stop();
    flushLines();
  }
  progress?.done();

  if (count > 1 && !opts.json && !opts.onReport) console.error(formatSummary(tally, opts.expect, (monotonicMs() - share.startAt) / 1000));
  if (picked.interactive) console.error(paint.dim(`the same without the picker: wh-sim trigger ${provider.id} ${picked.event} --url ${url}`));
  const failure = tally.failure();
  if (failure) throw failure;
}

/**
 * Threads for a run: `--threads`, else one per core (at most 4) for a run big and fast enough to
 * pay for their start-up (tens of milliseconds each). One thread saturates a core preparing,
 * signing and sending; on two cores that also run the app, a second thread sends about a third more.
 */
function threadCount(opts: TriggerOptions, count: number): number {
  if (opts.threads !== undefined) return Math.max(1, Math.min(opts.threads, opts.concurrency, count));
  const big = count >= 2000; // a --duration run without --count counts as Infinity
  const fast = opts.rate === undefined || opts.rate >= 2000;
  return big && fast && opts.concurrency >= 2 ? Math.min(availableParallelism(), 4, opts.concurrency) : 1;
}

/**
 * One thread's part of a run: the events it takes from the shared counter, over its own kept-alive
 * connections, with its part of --concurrency; resolves with what the final answers came to.
 */
export async function sendShare(
  plan: RunPlan,
  opts: TriggerOptions,
  share: ThreadShare,
  show: (report: DeliveryReport) => void,
  stopped: () => boolean,
): Promise<Tally> {
  const tally = new Tally();
  const count = bulkCount(opts);
  const sender = await createSender({
    timeoutMs: plan.retry?.policy.timeoutMs ?? opts.timeout,
    insecure: opts.insecure,
    ca: opts.ca,
    followRedirects: plan.provider.followsRedirects,
  });
  const sendPlan: SendPlan = {
    provider: plan.provider,
    url: plan.url,
    sender,
    input: plan.input,
    chaos: plan.chaos,
    retry: plan.retry,
    expect: opts.expect,
    onAttempt: show,
  };
  const pacer = createPacer({ count, rate: opts.rate, durationMs: opts.duration === undefined ? undefined : opts.duration * 1000, share });
  const worker = async () => {
    for (let i = await pacer.next(); i !== undefined && !stopped(); i = await pacer.next()) {
      for (const final of await sendEvent(sendPlan, await plan.prepare(i))) tally.add(final);
    }
  };
  // --concurrency is the whole run's: each thread keeps its part of the connections busy.
  const connections = Math.max(1, Math.floor(opts.concurrency / share.of) + (share.index < opts.concurrency % share.of ? 1 : 0));
  try {
    await Promise.all(Array.from({ length: Math.min(connections, count) }, worker));
  } finally {
    flushLines();
    await sender.close();
  }
  return tally;
}
