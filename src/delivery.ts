import type { Signer } from "./credentials.js";
import type { FieldEdit } from "./events/edit.js";
import { renderEvent } from "./events/render.js";
import { createRandom } from "./lib/random.js";
import { headerMap } from "./http/hop-by-hop.js";
import type { EventChoice, HeaderMap, JsonObject, Provider, ProviderOptions } from "./providers/types.js";

/** With --seed and no --at, events are dated at this fixed instant so the bytes repeat. */
export const SEEDED_CLOCK = new Date(1_700_000_000_000);

export interface PrepareInput {
  readonly choice: EventChoice;
  readonly signer: Signer;
  readonly options: ProviderOptions;
  readonly now: Date;
  readonly seed?: string;
  readonly customBody?: string;
  readonly data?: JsonObject;
  readonly edits?: readonly FieldEdit[];
  readonly extraHeaders?: HeaderMap;
}

export interface PreparedDelivery {
  readonly event: string;
  readonly id?: string;
  readonly body: string;
  readonly headers: HeaderMap;
}

/** Renders the event, signs the exact bytes, and names the event and id as a receiver would see them (body and headers). */
export async function prepareDelivery(provider: Provider, input: PrepareInput): Promise<PreparedDelivery> {
  const random = createRandom(input.seed);
  const { body, payload, described } = await renderEvent(provider, { ...input, random });
  const signed = input.signer.sign(body, { now: input.now, random, options: input.options });
  const headers = withExtraHeaders(signed, input.extraHeaders ?? {}, provider.signatureHeaders);
  const { event, id } = described ?? provider.describe(payload, headerMap(Object.entries(headers)));
  return { event: event ?? input.choice.name, ...(id ? { id } : {}), body, headers };
}

/**
 * The same message delivered again, as the provider redelivers it: the same bytes signed anew at
 * `now` (a new Stripe `t`, a new Plaid `iat`, the same Standard Webhooks `webhook-id`; Truv and
 * Bridge sign the body alone, so their bytes repeat).
 */
export function redeliver(
  provider: Provider,
  prepared: PreparedDelivery,
  input: Pick<PrepareInput, "signer" | "options" | "extraHeaders">,
  now: Date,
): PreparedDelivery {
  const signed = input.signer.sign(prepared.body, {
    now,
    random: createRandom(),
    options: input.options,
    redeliveryOf: headerMap(Object.entries(prepared.headers)),
  });
  return { ...prepared, headers: withExtraHeaders(signed, input.extraHeaders ?? {}, provider.signatureHeaders) };
}

/** `--header` adds headers or replaces the provider's (case-insensitively), but never a signature. */
function withExtraHeaders(signed: HeaderMap, extra: HeaderMap, signatureHeaders: readonly string[]): HeaderMap {
  if (Object.keys(extra).length === 0) return signed;
  const kept = Object.entries(extra).filter(([name]) => !signatureHeaders.includes(name.toLowerCase()));
  const replaced = new Set(kept.map(([name]) => name.toLowerCase()));
  return { ...Object.fromEntries(Object.entries(signed).filter(([name]) => !replaced.has(name.toLowerCase()))), ...Object.fromEntries(kept) };
}
