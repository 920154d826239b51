import { loadFixtureJson } from "../events/fixture-file.js";
import { createRandom } from "../lib/random.js";
import type { ApiAnswer, ApiCall, EventChoice, JsonObject, Provider, ProviderId, WorldView } from "../providers/types.js";
import { fileWorld } from "../world.js";

/** How many webhook bodies a listener remembers having observed. */
const SEEN_BODIES = 1000;

/** A provider API the listener answers: which calls are its, and each one answered (the webhooks it causes sent). */
export interface ListenerApi {
  readonly provider: ProviderId;
  claims(call: ApiCall): boolean;
  answer(call: ApiCall, now: Date): Promise<ApiAnswer>;
  /** A verified webhook of this provider's arrived: what it says of the world is made true. */
  observe(payload: JsonObject, body: string, now: Date): void;
}

/** Sends the webhooks an API call causes (the one send plan); resolves once each was answered. */
export type FireEvents = (provider: Provider, answer: ApiAnswer, onSent: (payload: JsonObject, body: string) => void) => void;

/**
 * The APIs of the providers that have one, ready to answer: their templates read once, their
 * state in the world under $WH_SIM_HOME (shared with `trigger` and with a listener started later).
 */
export async function setUpApis(
  providers: readonly Provider[],
  fire: FireEvents,
  // Written after each answer: a listener under load must not wait for the disk on every webhook.
  world: WorldView = fileWorld(undefined, { writeBehind: true }),
): Promise<ListenerApi[]> {
  const random = createRandom();
  return Promise.all(
    providers.flatMap((provider) => {
      const api = provider.api;
      if (!api) return [];
      const seen = new Set<string>();
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
            claims: (call) => api.claims(call),
            async answer(call, now) {
              const fixture = async (choice: EventChoice) => structuredClone(await loadFixtureJson(provider.id, choice)) as JsonObject;
              const answer = await api.answer(call, { world, now, random, template, fixture });
              // The webhooks a call causes were made true by the call itself: seen, never applied again.
              if (answer.events?.length) fire(provider, answer, (payload, body) => api.observe?.(payload, body, { world, now: new Date() }, true));
              return answer;
            },
            observe(payload, body, now) {
              // The same bytes again (a redelivery, a load test's one body) change nothing: not even a lookup.
              if (!api.observe || seen.has(body)) return;
              seen.add(body);
              if (seen.size > SEEN_BODIES) seen.delete(seen.values().next().value!);
              api.observe(payload, body, { world, now });
            },
          };
        })(),
      ];
    }),
  );
}
