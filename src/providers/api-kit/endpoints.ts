import { collection } from "./collection.js";
import type { WorldView } from "./types.js";

/** A URL the provider's API was asked to send webhooks to (Stripe's webhook endpoint, Truv's webhook configuration). */
export interface RegisteredEndpoint {
  readonly id: string;
  /** Deleted ones are kept, never answered nor sent to. */
  readonly deleted?: boolean;
}

/**
 * The webhook endpoints a provider's API registered, in the world: found, listed newest first,
 * deleted, and the ones an event is sent to. Stripe and Truv register them alike.
 */
export function endpointRegistry<T extends RegisteredEndpoint>(kind: string, subscribes: (endpoint: T, event: string) => boolean) {
  const docs = collection<T>(kind);
  return {
    save: (world: WorldView, endpoint: T) => docs.put(world, endpoint.id, endpoint),
    /** One that exists (not deleted). */
    byId(world: WorldView, id: string): T | undefined {
      const endpoint = docs.get(world, id);
      return endpoint?.deleted ? undefined : endpoint;
    },
    /** Every one that exists, the most recently registered (or changed) first. */
    live: (world: WorldView): T[] => docs.newest(world).filter((e) => !e.deleted),
    remove: (world: WorldView, endpoint: T) => docs.put(world, endpoint.id, { ...endpoint, deleted: true }),
    /** The ones an event is sent to. */
    subscribed: (world: WorldView, event: string): T[] => docs.newest(world).filter((e) => !e.deleted && subscribes(e, event)),
  };
}
