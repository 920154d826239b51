import { loadConfig, resolveUrl } from "../../config.js";
import { signerFor } from "../../credentials.js";
import { prepareDelivery, SEEDED_CLOCK, type PrepareInput, type PreparedDelivery } from "../../delivery.js";
import { parseHeaders, readInput, readJsonObject, withScheme } from "../../input.js";
import type { Provider } from "../../providers/types.js";
import { createSender, type Sender } from "../../http/deliver.js";
import { attempt, Tally } from "../attempt.js";
import { formatCurl, formatDelivery, formatDryRun, formatSummary, type DeliveryReport } from "../format-delivery.js";
import { isStdoutClosed } from "../stdout.js";
import { paint, progressBar } from "../output.js";
import { chooseProviderAndEvent } from "../prompts.js";
import { providerOptions } from "../provider-options.js";
import { explainRefusal } from "../refusal.js";
import { inferProvider, resolveProvider } from "../resolve.js";

export interface TriggerOptions {
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
  dryRun?: boolean;
  print?: "curl";
  json?: boolean;
  seed?: string;
  at?: number;
  config?: string;
}

export async function runTrigger(providerArg: string | undefined, eventArg: string | undefined, opts: TriggerOptions): Promise<void> {
  const config = await loadConfig(opts.config);
  const [named, event] = await inferProvider(providerArg, eventArg);
  const picked = await chooseProviderAndEvent(named, event, (id) => resolveUrl(id, opts.url, config));
  const provider = await resolveProvider(picked.provider);
  const options = providerOptions(provider, { account: opts.account, apiVersion: opts.apiVersion, timestampUnit: opts.timestampUnit, svix: opts.svix });
  const url = picked.url !== undefined ? withScheme(picked.url) : resolveUrl(provider.id, opts.url, config);
  const input: PrepareInput = {
    choice: provider.resolveEvent(picked.event, options),
    signer: await signerFor(provider, opts.secret, config),
    options,
    now: opts.at !== undefined ? new Date(opts.at * 1000) : opts.seed !== undefined ? SEEDED_CLOCK : new Date(),
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
      now: opts.at !== undefined || opts.seed !== undefined ? input.now : new Date(),
      ...(opts.seed !== undefined ? { seed: opts.count > 1 ? `${opts.seed}:${i}` : opts.seed } : {}),
    });

  if (opts.print || opts.dryRun) {
    for (let i = 0; i < opts.count && !isStdoutClosed(); i++) {
      const prepared = await prepare(i);
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

  const progress = opts.count > 20 && !opts.json && process.stdout.isTTY ? progressBar(opts.count) : undefined;
  // Reports are printed and tallied as they come, never kept: memory stays flat however many are sent.
  const tally = new Tally();
  const sender = await createSender({ timeoutMs: opts.timeout, insecure: opts.insecure, ca: opts.ca });
  let next = 0;
  // A closed stdout (`| head -1`) stops the run quietly: nothing more is sent, and the exit code covers what was.
  const worker = async () => {
    while (next < opts.count && !isStdoutClosed()) {
      const report = explainRefusal(await send(sender, provider, url, await prepare(next++), opts.expect), provider, input.signer);
      tally.add(report);
      if (progress) progress.tick(report.ok ?? false, report.ok ? undefined : formatDelivery(report));
      else if (!isStdoutClosed()) console.log(formatDelivery(report, opts.json));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, opts.count) }, worker));
  } finally {
    await sender.close();
  }
  progress?.done();

  if (opts.count > 1 && !opts.json) console.error(formatSummary(tally, opts.expect));
  if (picked.interactive) console.error(paint.dim(`the same without the picker: wh-sim trigger ${provider.id} ${picked.event} --url ${url}`));
  const failure = tally.failure();
  if (failure) throw failure;
}

function send(sender: Sender, provider: Provider, url: string, prepared: PreparedDelivery, expect: string): Promise<DeliveryReport> {
  return attempt({ provider: provider.id, event: prepared.event, id: prepared.id, url, expect }, sender, {
    url,
    body: prepared.body,
    headers: prepared.headers,
  });
}
