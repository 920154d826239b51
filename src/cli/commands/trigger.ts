import { loadConfig, resolveUrl } from "../../config.js";
import { signerFor } from "../../credentials.js";
import { prepareDelivery, SEEDED_CLOCK, type PrepareInput } from "../../delivery.js";
import { parseHeaders, readInput, readJsonObject, withScheme } from "../../input.js";
import { createSender } from "../../http/deliver.js";
import { createPacer } from "../../send/pace.js";
import { Tally } from "../../send/attempt.js";
import { afterSigning, chaosSigner, resolveChaos, signingClock, type ChaosRequest } from "../../chaos.js";
import { retryPlan } from "../../send/retry.js";
import { sendEvent, type SendPlan } from "../../send/send-event.js";
import { formatCurl, formatDelivery, formatDryRun, formatSummary, type DeliveryReport } from "../format-delivery.js";
import { flushLines, isStdoutClosed, printLine } from "../stdout.js";
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
}

export async function runTrigger(providerArg: string | undefined, eventArg: string | undefined, opts: TriggerOptions): Promise<void> {
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
    ...(opts.payload !== undefined ? { customBody: await readInput("--payload", opts.payload) } : {}),
    ...(opts.data !== undefined ? { data: await readJsonObject("--data", opts.data) } : {}),
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

  if (opts.print || opts.dryRun) {
    for (let i = 0; i < opts.count && !isStdoutClosed(); i++) {
      const prepared = afterSigning(provider, await prepare(i), chaos);
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

  // --duration without --count sends until the time is up; with both, whichever ends first.
  const count = opts.duration !== undefined && opts.count === 1 ? Infinity : opts.count;
  const progress = count > 20 && Number.isFinite(count) && !opts.json && process.stdout.isTTY ? progressBar(count) : undefined;
  // Reports are printed and tallied as they come, never kept: memory stays flat however many are sent.
  const tally = new Tally();
  const retry = retryPlan(provider, options, opts.retry, opts.retrySpeed ?? 1, opts.timeout);
  const sender = await createSender({
    timeoutMs: retry?.policy.timeoutMs ?? opts.timeout,
    insecure: opts.insecure,
    ca: opts.ca,
    followRedirects: provider.followsRedirects,
  });
  const show = (report: DeliveryReport) => {
    if (opts.onReport) return opts.onReport(report);
    if (progress) progress.tick(report.ok ?? false, report.ok ? undefined : formatDelivery(report));
    else printLine(formatDelivery(report, opts.json));
  };
  const plan: SendPlan = { provider, url, sender, input, chaos, retry, expect: opts.expect, onAttempt: show };
  const pacer = createPacer({ count, rate: opts.rate, durationMs: opts.duration === undefined ? undefined : opts.duration * 1000 });
  // A closed stdout (`| head -1`) stops the run quietly: nothing more is sent, and the exit code covers what was.
  const worker = async () => {
    for (let i = await pacer.next(); i !== undefined && !isStdoutClosed(); i = await pacer.next()) {
      for (const final of await sendEvent(plan, await prepare(i))) tally.add(final);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, count) }, worker));
  } finally {
    flushLines();
    await sender.close();
  }
  progress?.done();

  if (count > 1 && !opts.json && !opts.onReport) console.error(formatSummary(tally, opts.expect, pacer.elapsedSeconds()));
  if (picked.interactive) console.error(paint.dim(`the same without the picker: wh-sim trigger ${provider.id} ${picked.event} --url ${url}`));
  const failure = tally.failure();
  if (failure) throw failure;
}
