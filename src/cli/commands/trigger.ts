import { afterSigning, type ChaosRequest } from "../../chaos.js";
import { CHAOS_FLAGS } from "../../chaos-flags.js";
import { loadConfig, resolveUrl } from "../../config.js";
import { parseHeaders, readInput, readJsonObject } from "../../input.js";
import { planSend, type SendRequest } from "../../send/plan.js";
import { send, type SendOutcome } from "../../send/run.js";
import { formatCurl, formatDelivery, formatDryRun, formatSummary, type DeliveryReport } from "../format-delivery.js";
import { flushLines, isStdoutClosed, onStdoutClosed, printLine, stdoutIsTerminal } from "../stdout.js";
import { paint, progressBar, warnLine } from "../output.js";
import { chooseProviderAndEvent } from "../prompts.js";
import { inferProvider } from "../resolve.js";

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
  signatureDiagnostics?: boolean;
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
  /** false with --no-signature. */
  signature?: boolean;
  retrySpeed?: number;
  /** How many threads a bulk run is spread over (default: see threadCount). */
  threads?: number;
}

/** The command line's options as a send request: files and stdin read here, once (helper threads get what was read). */
export async function triggerRequest(provider: string, event: string, url: string | undefined, opts: TriggerOptions): Promise<SendRequest> {
  return {
    provider,
    what: {
      kind: "event",
      event,
      ...(opts.payload !== undefined ? { customBody: await readInput("--payload", opts.payload) } : {}),
      ...(opts.data !== undefined ? { data: await readJsonObject("--data", opts.data) } : {}),
      edits: editsOf(opts),
    },
    url,
    secrets: opts.secret,
    providerOptions: providerOptionsOf(opts),
    headers: parseHeaders(opts.header),
    chaos: chaosRequest(opts),
    retry: opts.retry,
    retrySpeed: opts.retrySpeed,
    count: opts.count,
    concurrency: opts.concurrency,
    rate: opts.rate,
    durationSeconds: opts.duration,
    threads: opts.threads,
    expect: opts.expect,
    timeoutMs: opts.timeout,
    insecure: opts.insecure,
    ca: opts.ca,
    seed: opts.seed,
    at: opts.at,
    config: await loadConfig(opts.config),
  };
}

export async function runTrigger(providerArg: string | undefined, eventArg: string | undefined, opts: TriggerOptions): Promise<void> {
  const config = await loadConfig(opts.config);
  const [named, event] = await inferProvider(providerArg, eventArg);
  const picked = await chooseProviderAndEvent(named, event, (id) => resolveUrl(id, opts.url, config));
  const plan = await planSend(await triggerRequest(picked.provider, picked.event, picked.url ?? opts.url, opts));
  const { provider, url, chaos } = plan;
  if (plan.malformedBody) console.error(paint.yellow(`warning: the --payload body is not valid JSON (${plan.malformedBody}); it is signed and sent as it is`));
  if (opts.print || opts.dryRun) {
    for (let i = 0; i < opts.count && !isStdoutClosed(); i++) {
      const prepared = afterSigning(provider, await plan.event!.prepare(i), chaos);
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

  const count = plan.count;
  const progress = count > 20 && Number.isFinite(count) && !opts.json && stdoutIsTerminal() ? progressBar(count) : undefined;
  // Reports are printed as they come, never kept: memory stays flat however many are sent.
  const onReport = (report: DeliveryReport) => {
    if (progress) progress.tick(report.ok ?? false, report.ok ? undefined : formatDelivery(report));
    else printLine(formatDelivery(report, opts.json));
  };
  // A closed stdout (`| head -1`) stops the run quietly: nothing more is sent, and the exit code covers what was.
  const stop = new AbortController();
  onStdoutClosed(() => stop.abort());
  let outcome: SendOutcome;
  try {
    outcome = await send(plan, { onReport, signal: stop.signal, onWarning: warnLine });
  } finally {
    flushLines();
  }
  progress?.done();
  if (count > 1 && !opts.json) console.error(formatSummary(outcome.tally, opts.expect, outcome.seconds));
  if (picked.interactive) console.error(paint.dim(`the same without the picker: wh-sim trigger ${provider.id} ${picked.event} --url ${url}`));
  const failure = outcome.tally.failure();
  if (failure) throw failure;
}

/** `-o`, `--add`, `--remove` as edits: fields added, then set, then removed. */
export function editsOf(opts: { add?: string[]; override?: string[]; remove?: string[] }) {
  return [
    ...(opts.add ?? []).map((spec) => ({ kind: "add" as const, spec })),
    ...(opts.override ?? []).map((spec) => ({ kind: "set" as const, spec })),
    ...(opts.remove ?? []).map((spec) => ({ kind: "remove" as const, spec })),
  ];
}

/** The provider-specific flags, for the send plan to check against the provider. */
export function providerOptionsOf(opts: Pick<TriggerOptions, "account" | "apiVersion" | "timestampUnit" | "svix" | "signatureDiagnostics">) {
  const { account, apiVersion, timestampUnit, svix, signatureDiagnostics } = opts;
  return { account, apiVersion, timestampUnit, svix, signatureDiagnostics };
}

/** The chaos flags as a request (`--no-signature` is commander's `signature: false`). */
export function chaosRequest(opts: ChaosRequest & { signature?: boolean }): ChaosRequest {
  const given: Record<string, unknown> = { ...opts, noSignature: opts.signature === false };
  return Object.fromEntries(CHAOS_FLAGS.flatMap(({ key }) => (given[key] !== undefined && given[key] !== false ? [[key, given[key]]] : [])));
}
