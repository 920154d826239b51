import type { ChaosRequest } from "../chaos.js";
import type { PreparedDelivery } from "../delivery.js";
import { editsFrom } from "../events/edit.js";
import type { Json, JsonObject } from "../lib/json.js";
import type { HeaderMap, ProviderId, ProviderOptions } from "../providers/types.js";
import type { DeliveryReport } from "../send/report.js";
import { send as sendRequest } from "../send/run.js";
import { WhSimError } from "../lib/errors.js";

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
  /** Send this many distinct events (each its own ids and signature), `concurrency` at a time, at most `rate` a second. */
  count?: number;
  concurrency?: number;
  rate?: number;
  /** Retry a failed delivery: `true` on the provider's published schedule, or `"0,5s,1m"`. */
  retry?: boolean | string;
  /** Retry delays are divided by this (3600 turns hours into seconds). */
  retrySpeed?: number;
}

/** The last delivery's final report, the exact bytes and headers of the last event sent, and every delivery's final report. */
export interface TriggerResult extends DeliveryReport {
  body: string;
  headers: HeaderMap;
  deliveries: DeliveryReport[];
}

/** One event, built from its fixture, signed as the provider signs it, and sent (or many: `count`). A refused delivery is a report with `ok: false`, not an exception. */
export async function trigger(providerId: ProviderId, event: string, options: TriggerOptions = {}): Promise<TriggerResult> {
  const deliveries: DeliveryReport[] = [];
  let sent: PreparedDelivery | undefined;
  await send(
    {
      ...requestOf(providerId, options),
      what: {
        kind: "event",
        event,
        ...(options.data ? { data: options.data } : {}),
        edits: editsFrom({ add: options.add, set: options.overrides, remove: options.remove }),
      },
      count: options.count,
      concurrency: options.concurrency,
      rate: options.rate,
      retry: options.retry,
      retrySpeed: options.retrySpeed,
    },
    { onFinal: (report) => void deliveries.push(report), onSent: (delivery) => void (sent = delivery) },
  );
  return { ...deliveries.at(-1)!, body: sent!.body, headers: sent!.headers, deliveries };
}

export interface ScenarioOptions extends SendOptions {
  shuffle?: boolean;
  seed?: string;
  duplicateRate?: number;
  delayMs?: number;
}

/** A built-in scenario (or a scenario file of yours) delivered; resolves with each delivery's report. */
export async function scenario(providerId: ProviderId, name: string, options: ScenarioOptions = {}): Promise<DeliveryReport[]> {
  const finals: DeliveryReport[] = [];
  const what = { kind: "scenario" as const, name, shuffle: options.shuffle, duplicateRate: options.duplicateRate, delayMs: options.delayMs };
  await send({ ...requestOf(providerId, options), what, seed: options.seed }, { onFinal: (report) => void finals.push(report) });
  return finals;
}

/**
 * `send`, with a usage error's hint in its message: a library user sees the message alone (the CLI
 * prints the hint on a line of its own), and "did you mean customer.created?" is the useful part.
 */
async function send(...args: Parameters<typeof sendRequest>): ReturnType<typeof sendRequest> {
  try {
    return await sendRequest(...args);
  } catch (error) {
    if (error instanceof WhSimError && error.hint && !error.message.includes(error.hint)) error.message = `${error.message} (${error.hint})`;
    throw error;
  }
}

/** What every library call shares with the command line: the same request, so the same defaults and checks. */
function requestOf(provider: ProviderId, options: SendOptions) {
  return {
    provider,
    url: options.url,
    secrets: options.secret === undefined ? undefined : [options.secret].flat(),
    providerOptions: options.options,
    chaos: options.chaos,
    expect: options.expect,
    timeoutMs: options.timeoutMs,
  };
}
