import { signingClock, type Chaos } from "../chaos.js";
import type { Signer } from "../credentials.js";
import { createSender, type Sender } from "../http/deliver.js";
import { createRandom, fraction } from "../lib/random.js";
import type { HeaderMap, Provider, ProviderOptions, WebhookDelivery } from "../providers/types.js";
import type { FieldEdit } from "../events/edit.js";
import { renderScenario } from "../scenarios/render.js";
import type { Scenario } from "../scenarios/types.js";
import type { DeliveryReport } from "./report.js";
import { sendEvent } from "./send-event.js";

/** Makes what a sent body says true in the providers' world; the callback it returns hears how the delivery was answered. */
export type Observer = (body: string) => ((delivery: WebhookDelivery) => void) | undefined;

export interface ScenarioRun {
  readonly url: string;
  readonly signer: Signer;
  readonly options: ProviderOptions;
  readonly chaos: Chaos;
  readonly extraHeaders?: HeaderMap;
  readonly shuffle?: boolean;
  readonly seed?: string | undefined;
  /** The user's `-o`/`--add`/`--remove`, applied to every step where the field is. */
  readonly edits?: readonly FieldEdit[] | undefined;
  /** The share of steps sent twice, as redeliveries. */
  readonly duplicateRate?: number;
  readonly delayMs?: number;
  readonly expect: string;
  readonly timeoutMs: number;
  /** Every attempt's report, as it comes (labelled with its step). */
  readonly onAttempt?: (report: DeliveryReport) => void;
  /** Stop before the next step when this says so (a closed stdout). */
  readonly stopped?: () => boolean;
  /** Connections shared with other runs (left open); without it the run opens and closes its own. */
  readonly sender?: Sender;
  /** Makes what a step says true in the providers' world before it is sent (as for a trigger); hears how it was answered. */
  readonly observe?: Observer;
}

/**
 * A scenario delivered: every step rendered (the same objects throughout, times advancing), sent
 * in order or shuffled and partly duplicated with one seeded stream (`--shuffle --seed 7` is the
 * same run every time). Resolves with the final report of each delivery.
 */
export async function sendScenario(provider: Provider, scenario: Scenario, run: ScenarioRun): Promise<DeliveryReport[]> {
  const { steps, order, random } = await scenarioDeliveries(provider, scenario, run);
  const finals: DeliveryReport[] = [];
  const sender = run.sender ?? (await createSender({ timeoutMs: run.timeoutMs, followRedirects: provider.followsRedirects }));
  try {
    for (const [i, { index, delivery }] of order.entries()) {
      if (run.stopped?.()) break;
      if (i > 0 && (run.delayMs ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, run.delayMs));
      const twice = (run.duplicateRate ?? 0) > 0 && fraction(random) < run.duplicateRate!;
      const chaos = twice ? { ...run.chaos, duplicates: run.chaos.duplicates + 1, names: [...run.chaos.names, "duplicated"] } : run.chaos;
      const step = `${index}/${steps.length}`;
      const delivered = run.observe?.(delivery.body);
      const reports = await sendEvent(
        {
          provider,
          url: run.url,
          sender,
          input: { signer: run.signer, options: run.options, ...(run.extraHeaders ? { extraHeaders: run.extraHeaders } : {}) },
          chaos,
          retry: undefined,
          expect: run.expect,
          onAttempt: (report) => run.onAttempt?.({ ...report, step }),
        },
        delivery,
      );
      const last = reports.at(-1);
      if (last) delivered?.({ url: last.url, status: last.status ?? null, ...(last.error ? { error: last.error } : {}) });
      finals.push(...reports.map((report) => ({ ...report, step })));
    }
  } finally {
    if (!run.sender) await sender.close();
  }
  return finals;
}

/** A scenario's steps rendered and signed, in the order they are sent (shuffled with the run's seeded stream). */
export async function scenarioDeliveries(
  provider: Provider,
  scenario: Scenario,
  run: Pick<ScenarioRun, "signer" | "options" | "chaos" | "extraHeaders" | "seed" | "shuffle" | "edits">,
) {
  // Signed now, seed or not: receivers check the time (the seed fixes ids, order and duplicates).
  const steps = await renderScenario(provider, scenario, {
    signer: run.signer,
    options: run.options,
    start: signingClock(run.chaos),
    ...(run.extraHeaders ? { extraHeaders: run.extraHeaders } : {}),
    ...(run.seed !== undefined ? { seed: run.seed } : {}),
    ...(run.edits ? { edits: run.edits } : {}),
  });
  const random = createRandom(run.seed === undefined ? undefined : `${run.seed}:order`);
  return { steps, order: run.shuffle ? shuffle(steps, random) : steps, random };
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
