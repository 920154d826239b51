import { SEND_DEFAULTS } from "../defaults.js";
import { chaosSigner, resolveChaos, signingClock, type Chaos, type ChaosRequest } from "../chaos.js";
import { resolveUrl, type Config } from "../config.js";
import { signerFor, type Signer } from "../credentials.js";
import { prepareDelivery, SEEDED_CLOCK, type PrepareInput, type PreparedDelivery } from "../delivery.js";
import type { FieldEdit } from "../events/edit.js";
import type { JsonObject } from "../lib/json.js";
import { resolveProvider } from "../providers/registry.js";
import type { HeaderMap, Provider, ProviderOptionName, ProviderOptions } from "../providers/types.js";
import type { Scenario } from "../scenarios/types.js";
import { bulkCount } from "./pace.js";
import { providerOptions } from "./provider-options.js";
import { retryPlan } from "./retry.js";
import type { Retry } from "./send-event.js";

/**
 * What to send, as every front end asks for it (the CLI's trigger and scenario, `run` steps, the
 * library, helper threads, MCP): plain data, so a helper thread can be given it as it is. Unset
 * fields take the same defaults everywhere (`SEND_DEFAULTS` in defaults.ts, the config file, the environment).
 */
export interface SendRequest {
  /** A provider id, in any case. */
  readonly provider: string;
  readonly what: EventToSend | ScenarioToSend;
  /** Where to; unset: the config file's, `$WH_SIM_URL`, else the default listener. */
  readonly url?: string | undefined;
  /** Signing secrets (several: rotation); unset: `$WH_SIM_<PROVIDER>_SECRET`, the config file's, the built-in one. */
  readonly secrets?: readonly string[] | undefined;
  /** Provider-specific options (`account`, `apiVersion`, …); one the provider does not take is a usage error. */
  readonly providerOptions?: Partial<Record<ProviderOptionName, string | boolean | undefined>> | undefined;
  /** Extra headers (never a signature header). */
  readonly headers?: HeaderMap | undefined;
  readonly chaos?: ChaosRequest | undefined;
  /** `true`: the provider's published retry schedule; `"0,5s,1m"`: that one. */
  readonly retry?: string | boolean | undefined;
  /** Retry delays are divided by this (3600 turns hours into seconds). */
  readonly retrySpeed?: number | undefined;
  /** Events (or whole scenario runs) to send, and how many at once. */
  readonly count?: number | undefined;
  readonly concurrency?: number | undefined;
  /** Starts per second at most. */
  readonly rate?: number | undefined;
  /** Stop starting after this many seconds (without a count: go on until then). */
  readonly durationSeconds?: number | undefined;
  /** Threads for a bulk event run (default: by size, see `threadCount`). */
  readonly threads?: number | undefined;
  /** The statuses that count as delivered: `2xx`, `200`, `200,202`. */
  readonly expect?: string | undefined;
  readonly timeoutMs?: number | undefined;
  readonly insecure?: boolean | undefined;
  /** A CA certificate file to trust. */
  readonly ca?: string | undefined;
  /** Reproducible ids and times (each of many: `seed:i`). */
  readonly seed?: string | undefined;
  /** The events' time, in unix seconds. */
  readonly at?: number | undefined;
  readonly config?: Config | undefined;
}

/** One event, from its fixture (with edits and merged data) or the user's own body. */
export interface EventToSend {
  readonly kind: "event";
  readonly event: string;
  readonly customBody?: string | undefined;
  readonly data?: JsonObject | undefined;
  readonly edits?: readonly FieldEdit[] | undefined;
}

/** A scenario named by its file (YAML or JSON), rather than a built-in's name. */
export const isScenarioFile = (name: string): boolean => /\.(ya?ml|json)$/i.test(name);

/** A built-in scenario by name, or a scenario file of the user's (YAML or JSON). */
export interface ScenarioToSend {
  readonly kind: "scenario";
  readonly name: string;
  readonly shuffle?: boolean | undefined;
  /** The share of steps sent twice, as redeliveries. */
  readonly duplicateRate?: number | undefined;
  /** Wait between steps. */
  readonly delayMs?: number | undefined;
  /** The user's edits, applied to every step whose event the field fits. */
  readonly edits?: readonly FieldEdit[] | undefined;
}

/** A request understood: the provider, the target, the signer, and how to make event i. */
export interface Plan {
  readonly request: SendRequest;
  readonly provider: Provider;
  readonly url: string;
  readonly options: ProviderOptions;
  readonly chaos: Chaos;
  readonly signer: Signer;
  readonly retry: Retry | undefined;
  readonly expect: string;
  readonly timeoutMs: number;
  /** Events or runs to start (Infinity: until the duration is up). */
  readonly count: number;
  readonly concurrency: number;
  /** Why the user's own body (`customBody`) is not JSON; it is sent as it is, but a refusal names it first. */
  readonly malformedBody?: string;
  /** For an event: what every delivery is made from, and event i of the run, rendered and signed. */
  readonly event?: { readonly input: PrepareInput; prepare(i: number): Promise<PreparedDelivery> };
  readonly scenario?: Scenario;
}

/** Checks a request and plans it: every usage error (unknown provider or event, a flag for another provider, bad chaos) is thrown here, before anything is sent. */
export async function planSend(request: SendRequest): Promise<Plan> {
  const config = request.config ?? {};
  const provider = await resolveProvider(request.provider);
  const options = providerOptions(provider, request.providerOptions ?? {});
  const url = resolveUrl(provider.id, request.url, config);
  const chaos = resolveChaos(provider, request.chaos ?? {});
  const signer = await chaosSigner(provider, await signerFor(provider, request.secrets, config), chaos);
  const timeoutMs = request.timeoutMs ?? SEND_DEFAULTS.timeoutMs;
  const count = bulkCount({ count: request.count, duration: request.durationSeconds });
  const common = {
    request,
    provider,
    url,
    options,
    chaos,
    signer,
    retry: retryPlan(provider, options, request.retry, request.retrySpeed ?? 1, timeoutMs),
    expect: request.expect ?? SEND_DEFAULTS.expect,
    timeoutMs,
    count,
    concurrency: request.concurrency ?? SEND_DEFAULTS.concurrency,
  };
  const { what } = request;
  if (what.kind === "scenario") {
    const { findScenario } = await import("../scenarios/builtin.js");
    const scenario = isScenarioFile(what.name)
      ? await (await import("../scenarios/file.js")).readScenarioFile(what.name, provider.id)
      : findScenario(provider.id, what.name);
    return { ...common, scenario };
  }
  const fixed = request.at !== undefined || request.seed !== undefined;
  const input: PrepareInput = {
    choice: provider.resolveEvent(what.event, options),
    signer,
    options,
    now: signingClock(chaos, request.at !== undefined ? request.at * 1000 : request.seed !== undefined ? SEEDED_CLOCK.getTime() : Date.now()),
    ...(what.customBody !== undefined ? { customBody: what.customBody } : {}),
    ...(what.data ? { data: what.data } : {}),
    edits: what.edits ?? [],
    extraHeaders: request.headers ?? {},
  };
  // Each of many events is distinct: its own ids, timestamp and signature (seeded: seed:i).
  const prepare = (i: number) =>
    prepareDelivery(provider, {
      ...input,
      now: fixed ? input.now : signingClock(chaos),
      ...(request.seed !== undefined ? { seed: count > 1 ? `${request.seed}:${i}` : request.seed } : {}),
    });
  return { ...common, ...malformed(what.customBody), event: { input, prepare } };
}

function malformed(body: string | undefined): { malformedBody?: string } {
  if (body === undefined) return {};
  try {
    JSON.parse(body);
    return {};
  } catch (error) {
    return { malformedBody: (error as Error).message };
  }
}
