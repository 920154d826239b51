import { chaosSigner, resolveChaos, type ChaosRequest } from "../../chaos.js";
import { loadConfig, resolveUrl } from "../../config.js";
import { signerFor } from "../../credentials.js";
import { createSender } from "../../http/deliver.js";
import { parseHeaders } from "../../input.js";
import { closest } from "../../lib/closest.js";
import { UsageError } from "../../lib/errors.js";
import { createRandom } from "../../lib/random.js";
import { BUILTIN_SCENARIOS } from "../../scenarios/builtin.js";
import { renderScenario } from "../../scenarios/render.js";
import type { Scenario } from "../../scenarios/types.js";
import { Tally } from "../attempt.js";
import { formatDelivery, formatSummary, type DeliveryReport } from "../format-delivery.js";
import { providerOptions } from "../provider-options.js";
import { resolveProvider } from "../resolve.js";
import { sendEvent, type SendPlan } from "../send-event.js";
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
  const extraHeaders = parseHeaders(opts.header);
  const url = resolveUrl(provider.id, opts.url, config);
  // Signed now, seed or not: a scenario is delivered, and receivers check the time (--seed fixes ids, order and duplicates).
  const start = new Date(Date.now() + chaos.shiftSeconds * 1000);
  const steps = await renderScenario(provider, scenario, { signer, options, start, extraHeaders, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
  // Shuffled and duplicated with one seeded stream: `--shuffle --seed 7` is the same run every time.
  const random = createRandom(opts.seed === undefined ? undefined : `${opts.seed}:order`);
  const order = opts.shuffle ? shuffle(steps, random) : steps;

  const tally = new Tally();
  const sender = await createSender({ timeoutMs: opts.timeout, followRedirects: provider.followsRedirects });
  const show = (report: DeliveryReport) => {
    if (opts.onReport) return opts.onReport(report);
    if (!isStdoutClosed()) console.log(formatDelivery(report, opts.json));
  };
  try {
    for (const [i, { index, delivery }] of order.entries()) {
      if (isStdoutClosed()) break;
      if (i > 0 && opts.delay > 0) await new Promise((resolve) => setTimeout(resolve, opts.delay));
      const twice = opts.duplicateRate > 0 && random.bytes(4).readUInt32BE() / 2 ** 32 < opts.duplicateRate;
      const stepChaos = twice ? { ...chaos, duplicates: chaos.duplicates + 1, names: [...chaos.names, "duplicated"] } : chaos;
      const label = (report: DeliveryReport) => show({ ...report, step: `${index}/${steps.length}` });
      const plan: SendPlan = {
        provider,
        url,
        sender,
        input: { signer, options, extraHeaders },
        chaos: stepChaos,
        retry: undefined,
        expect: opts.expect,
        onAttempt: label,
      };
      for (const final of await sendEvent(plan, delivery)) tally.add(final);
    }
  } finally {
    await sender.close();
  }
  if (!opts.json && !opts.onReport)
    console.error(formatSummary(tally, opts.expect).replace("deliveries", `deliveries of ${scenario.provider} ${scenario.name}`));
  const failure = tally.failure();
  if (failure) throw failure;
}

export function findScenario(provider: string, name: string): Scenario {
  const mine = BUILTIN_SCENARIOS.filter((s) => s.provider === provider);
  const found = mine.find((s) => s.name === name);
  if (found) return found;
  const near = closest(
    name,
    mine.map((s) => s.name),
  );
  throw new UsageError(
    `unknown ${provider} scenario "${name}"`,
    `${near.length ? `did you mean ${near.join(", ")}? ` : ""}wh-sim list --scenarios shows them all`,
  );
}

/** Fisher–Yates with the given randomness. */
function shuffle<T>(items: readonly T[], random: { bytes(n: number): Buffer }): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.bytes(4).readUInt32BE() % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
