import { loadFixtureJson } from "../events/fixture-file.js";
import { createRandom } from "../lib/random.js";
import type { ApiAnswer, ApiCall, EventChoice, JsonObject, Provider, ProviderId, VerifyContext, WebhookDelivery, WorldView } from "../providers/types.js";
import { WorldFullError } from "../world.js";
import { prefixMatch } from "../providers/api-kit/routes.js";

/** How many webhook bodies a listener remembers having observed. */
const SEEN_BODIES = 1000;

/** A provider API the listener answers: which calls are its, and each one answered (the webhooks it causes sent). */
export interface ListenerApi {
  readonly provider: ProviderId;
  readonly prefixes: readonly string[];
  claims(call: ApiCall): boolean;
  answer(call: ApiCall, now: Date): Promise<ApiAnswer>;
  /** A verified webhook of this provider's arrived: what it says of the world is made true. */
  observe(payload: JsonObject, body: Buffer, now: Date): void;
  /** Forgets the bodies it has seen (the world was reset: the same event again is news). */
  forget(): void;
}

/** What the listener's API hears of the webhooks a call caused: each one sent, then answered. */
export interface FiredHooks {
  onSent(payload: JsonObject, body: string): void;
  onAnswered(payload: JsonObject, delivery: WebhookDelivery): void;
}

/** Sends the webhooks an API call causes (the one send plan). */
export type FireEvents = (provider: Provider, answer: ApiAnswer, hooks: FiredHooks) => void;

export interface ApiSetUp {
  /** What the listener verifies a provider's webhooks with: HMAC secrets, or public keys. */
  readonly verifyFor?: (provider: ProviderId) => Omit<VerifyContext, "now"> | undefined;
  /** Where the APIs keep what they learn (the listener's write-behind world). */
  readonly world: WorldView;
}

/**
 * The APIs of the providers that have one, ready to answer: their templates read once, their
 * state in the world under $WH_SIM_HOME (shared with `trigger` and with a listener started later).
 */
export async function setUpApis(providers: readonly Provider[], fire: FireEvents, setUp: ApiSetUp): Promise<ListenerApi[]> {
  const random = createRandom();
  const { world } = setUp;
  return Promise.all(
    providers.flatMap((provider) => {
      const api = provider.api;
      if (!api) return [];
      let seen = seenBodies();
      const verify = setUp.verifyFor?.(provider.id);
      const secrets = verify?.secrets ?? [];
      return [
        (async (): Promise<ListenerApi> => {
          const templates = new Map(
            await Promise.all(api.templates.map(async (name) => [name, await loadFixtureJson(provider.id, { name, fixture: `api/${name}` })] as const)),
          );
          const template = (name: string) => {
            const found = templates.get(name);
            if (!found) throw new Error(`${provider.id} API: no template ${name}`);
            return structuredClone(found) as JsonObject;
          };
          return {
            provider: provider.id,
            prefixes: api.prefixes,
            claims: (call) => api.claims(call),
            async answer(call, now) {
              const fixture = async (choice: EventChoice) => structuredClone(await loadFixtureJson(provider.id, choice)) as JsonObject;
              let answer: ApiAnswer;
              try {
                answer = await api.answer(call, { world, now, random, secrets, keys: verify?.jwks ?? [], template, fixture });
              } catch (error) {
                // The world is full: a clear answer (Insufficient Storage) that says what to clear.
                if (!(error instanceof WorldFullError)) throw error;
                return { status: 507, body: { error: { message: error.message, type: "wh_sim_world_full" } } };
              }
              if (answer.events?.length)
                fire(provider, answer, {
                  // The webhooks a call causes were made true by the call itself: seen, never applied again.
                  onSent: (payload, body) => api.observe?.(payload, body, { world, now: new Date() }, true),
                  onAnswered: (payload, delivery) => api.delivered?.(payload, delivery, { world, now: new Date() }),
                });
              return answer;
            },
            forget: () => void (seen = seenBodies()),
            observe(payload, body, now) {
              // The same bytes again (a redelivery, a load test's one body) change nothing: not even a lookup.
              if (!api.observe || !seen.isNew(body)) return;
              api.observe(payload, body.toString("utf8"), { world, now });
            },
          };
        })(),
      ];
    }),
  );
}

/** The API a call is for: of those that claim it, the one with the longest prefix of its path (Truv's /v1/users/ before Stripe's /v1/). */
export function apiFor(apis: readonly ListenerApi[], call: ApiCall): ListenerApi | undefined {
  let best: ListenerApi | undefined;
  let bestLength = -1;
  for (const api of apis) {
    const length = prefixMatch(api.prefixes, call.path);
    if (length > bestLength && api.claims(call)) [best, bestLength] = [api, length];
  }
  return best;
}

/**
 * The last bodies seen, found by their length and a sample of their bytes, then compared whole:
 * hashing a whole body as a string cost more than the rest of its check.
 */
export function seenBodies(): { isNew(body: Buffer): boolean } {
  const seen = new Map<number, Buffer>();
  return {
    isNew(body) {
      const key = fingerprint(body);
      const before = seen.get(key);
      if (before?.equals(body)) return false;
      seen.delete(key);
      seen.set(key, Buffer.from(body));
      if (seen.size > SEEN_BODIES) seen.delete(seen.keys().next().value!);
      return true;
    },
  };
}

/** The length and sixteen bytes spread over the body, as one 32-bit number (FNV-1a): bodies of one length differ somewhere. */
function fingerprint(body: Buffer): number {
  let hash = body.length | 0;
  const step = Math.max(1, Math.floor(body.length / 16));
  for (let i = body.length - 1, n = 0; i >= 0 && n < 16; i -= step, n++) hash = Math.imul(hash ^ body[i]!, 16777619);
  return hash >>> 0;
}
