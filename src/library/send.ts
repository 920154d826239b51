import { afterSigning, chaosSigner, resolveChaos, signingClock, type ChaosRequest } from "../chaos.js";
import { resolveUrl } from "../config.js";
import { signerFor } from "../credentials.js";
import { prepareDelivery } from "../delivery.js";
import { editsFrom } from "../events/edit.js";
import { createSender } from "../http/deliver.js";
import type { Json, JsonObject } from "../lib/json.js";
import { loadProvider } from "../providers/registry.js";
import type { HeaderMap, ProviderId, ProviderOptions } from "../providers/types.js";
import type { DeliveryReport } from "../send/report.js";
import { sendEvent } from "../send/send-event.js";
import { sendScenario } from "../send/send-scenario.js";

export interface SendOptions {
  /** Where to send (default $WH_SIM_URL, else http://localhost:4242/webhook). */
  url?: string;
  /** The signing secret(s) (default $WH_SIM_<PROVIDER>_SECRET, else the built-in test secret). */
  secret?: string | string[];
  /** Provider options: `{ account: "acct_…" }`, `{ apiVersion }`, `{ svix: true }`. */
  options?: ProviderOptions;
  /** What happens to the delivery on purpose: `{ tamper: true }`, `{ stale: true }`, `{ duplicate: 2 }`… */
  chaos?: ChaosRequest;
  /** The status that counts as success (default `2xx`). */
  expect?: string;
  timeoutMs?: number;
}

export interface TriggerOptions extends SendOptions {
  /** Fields the event has, by dot path: `{ "data.object.status": "inactive" }`. */
  overrides?: Readonly<Record<string, Json>>;
  /** Fields it lacks. */
  add?: Readonly<Record<string, Json>>;
  remove?: readonly string[];
  /** JSON deep-merged into the event. */
  data?: JsonObject;
}

/** The delivery's report (its last one, with duplicates), the exact bytes and headers sent, and every report. */
export interface TriggerResult extends DeliveryReport {
  body: string;
  headers: HeaderMap;
  deliveries: DeliveryReport[];
}

/** One event, built from its fixture, signed as the provider signs it, and sent. A refused delivery is a report with `ok: false`, not an exception. */
export async function trigger(providerId: ProviderId, event: string, options: TriggerOptions = {}): Promise<TriggerResult> {
  const provider = await loadProvider(providerId);
  const providerOptions = options.options ?? {};
  const chaos = resolveChaos(provider, options.chaos ?? {});
  const signer = await chaosSigner(provider, await signerFor(provider, options.secret === undefined ? undefined : [options.secret].flat(), {}), chaos);
  const prepared = await prepareDelivery(provider, {
    choice: provider.resolveEvent(event, providerOptions),
    signer,
    options: providerOptions,
    now: signingClock(chaos),
    ...(options.data ? { data: options.data } : {}),
    edits: editsFrom({ add: options.add, set: options.overrides, remove: options.remove }),
  });
  const url = resolveUrl(provider.id, options.url, {});
  const sender = await createSender({ timeoutMs: options.timeoutMs ?? 10_000, followRedirects: provider.followsRedirects });
  try {
    const deliveries = await sendEvent(
      {
        provider,
        url,
        sender,
        input: { signer, options: providerOptions },
        chaos,
        retry: undefined,
        expect: options.expect ?? "2xx",
        onAttempt: () => undefined,
      },
      prepared,
    );
    const sent = afterSigning(provider, prepared, chaos);
    return { ...deliveries.at(-1)!, body: sent.body, headers: sent.headers, deliveries };
  } finally {
    await sender.close();
  }
}

export interface ScenarioOptions extends SendOptions {
  shuffle?: boolean;
  seed?: string;
  duplicateRate?: number;
  delayMs?: number;
}

/** A built-in scenario (or a scenario file of yours) delivered; resolves with each delivery's report. */
export async function scenario(providerId: ProviderId, name: string, options: ScenarioOptions = {}): Promise<DeliveryReport[]> {
  const provider = await loadProvider(providerId);
  const chaos = resolveChaos(provider, options.chaos ?? {});
  const { findScenario } = await import("../scenarios/builtin.js");
  const found = /\.(ya?ml|json)$/i.test(name)
    ? await (await import("../scenarios/file.js")).readScenarioFile(name, provider.id)
    : findScenario(provider.id, name);
  return sendScenario(provider, found, {
    url: resolveUrl(provider.id, options.url, {}),
    signer: await chaosSigner(provider, await signerFor(provider, options.secret === undefined ? undefined : [options.secret].flat(), {}), chaos),
    options: options.options ?? {},
    chaos,
    shuffle: options.shuffle ?? false,
    seed: options.seed,
    duplicateRate: options.duplicateRate ?? 0,
    delayMs: options.delayMs ?? 0,
    expect: options.expect ?? "2xx",
    timeoutMs: options.timeoutMs ?? 10_000,
  });
}
