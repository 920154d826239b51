import { chaosSigner, resolveChaos, type ChaosRequest } from "../../chaos.js";
import { loadConfig, resolveUrl } from "../../config.js";
import { signerFor } from "../../credentials.js";
import { parseHeaders } from "../../input.js";
import { findScenario } from "../../scenarios/builtin.js";
import { Tally } from "../../send/attempt.js";
import { formatDelivery, formatSummary, type DeliveryReport } from "../format-delivery.js";
import { providerOptions } from "../provider-options.js";
import { resolveProvider } from "../resolve.js";
import { sendScenario } from "../../send/send-scenario.js";
import { isStdoutClosed } from "../stdout.js";

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
  const show = (report: DeliveryReport) => {
    if (opts.onReport) return opts.onReport(report);
    if (!isStdoutClosed()) console.log(formatDelivery(report, opts.json));
  };
  const tally = new Tally();
  const finals = await sendScenario(provider, scenario, {
    url: resolveUrl(provider.id, opts.url, config),
    signer,
    options,
    chaos,
    extraHeaders: parseHeaders(opts.header),
    shuffle: opts.shuffle ?? false,
    seed: opts.seed,
    duplicateRate: opts.duplicateRate,
    delayMs: opts.delay,
    expect: opts.expect,
    timeoutMs: opts.timeout,
    onAttempt: show,
    stopped: isStdoutClosed,
  });
  for (const final of finals) tally.add(final);
  if (!opts.json && !opts.onReport)
    console.error(formatSummary(tally, opts.expect).replace("deliveries", `deliveries of ${scenario.provider} ${scenario.name}`));
  const failure = tally.failure();
  if (failure) throw failure;
}
