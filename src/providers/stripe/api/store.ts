import { collection, endpointRegistry } from "../../api-kit/index.js";
import type { JsonObject, WorldView } from "../../types.js";

// What Stripe's API knows, kept in the world: every event sent (through the listener or straight
// to the app), the object each left, the ids events mention, the endpoints registered.

export interface StoredObject {
  readonly object: JsonObject;
  /** The connected account whose object it is (the event's `account`), null for the platform's own. */
  readonly account: string | null;
}

const EVENT = "stripe-event";
const objects = collection<StoredObject>("stripe-object");
/** How many events `GET /v1/events` lists at most (Stripe keeps 30 days). */
const KEPT_EVENTS = 1000;
/** How many of the latest events a mentioned id is looked for in. */
const MENTION_SEARCH = 200;

/** Ids of the objects an event mentions, by prefix → the type of object they name. */
export const MENTIONED: Record<string, string> = {
  cus: "customer",
  acct: "account",
  pi: "payment_intent",
  ch: "charge",
  in: "invoice",
  sub: "subscription",
  prod: "product",
  price: "price",
  pm: "payment_method",
  fca: "financial_connections.account",
  po: "payout",
  re: "refund",
  seti: "setup_intent",
};

/** An id as Stripe makes them: a prefix, an underscore, letters and digits. Anything else is never a file name. */
const STRIPE_ID = /^[a-z]+(_[a-z]+)?_[A-Za-z0-9]+$/;

export function rememberEvent(world: WorldView, event: JsonObject): void {
  const id = String(event.id);
  if (!STRIPE_ID.test(id)) return;
  const account = typeof event.account === "string" ? event.account : null;
  world.put(EVENT, id, { object: event, account });
  const object = (event.data as { object?: JsonObject } | undefined)?.object;
  if (object && typeof object.id === "string" && STRIPE_ID.test(object.id)) {
    saveObject(world, object, account);
  }
}

export function saveObject(world: WorldView, object: JsonObject, account: string | null): void {
  objects.put(world, String(object.id), { object, account });
}

export const storedEvent = (world: WorldView, id: string) => world.get<StoredObject>(EVENT, id);
/** The objects the events left, the most recently written first. */
export const storedObjects = (world: WorldView): StoredObject[] => objects.newest(world, KEPT_EVENTS);
export const storedObject = (world: WorldView, id: string) => objects.get(world, id);
/** The object that mentioned an id (so that an object of its type answers for it), if any did. */
/**
 * The event that mentioned an id (its customer, its payment intent…), among the latest events:
 * looked up only when an id is asked for that no event carried (a rare call), so that remembering
 * an event costs two writes, whatever it mentions.
 */
export function mentionOf(world: WorldView, id: string): { by: string; account: string | null } | undefined {
  for (const eventId of world.list(EVENT).slice(0, MENTION_SEARCH)) {
    const stored = storedEvent(world, eventId);
    const object = (stored?.object.data as { object?: JsonObject } | undefined)?.object;
    if (object && mentions(object).has(id)) return { by: String(object.id), account: stored!.account };
  }
  return undefined;
}
/** The events sent, newest first (by the time Stripe says it created them, then by when they were kept). */
export function eventIds(world: WorldView): string[] {
  const ids = world.list(EVENT).slice(0, KEPT_EVENTS);
  const created = new Map(ids.map((id) => [id, Number(storedEvent(world, id)?.object.created ?? 0)]));
  return newestFirst(ids, (id) => created.get(id)!);
}

/** Items kept most recent first, ordered as Stripe lists them: by `created`, newest first, then as kept. */
export function newestFirst<T>(items: readonly T[], created: (item: T) => number): T[] {
  return items
    .map((item, i) => ({ item, i, at: created(item) }))
    .sort((a, b) => b.at - a.at || a.i - b.i)
    .map((e) => e.item);
}

/** Every id string an object holds whose prefix names an object type wh-sim can answer for. */
function mentions(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === "string") {
    const prefix = /^([a-z]+)_[A-Za-z0-9]{8,}$/.exec(value)?.[1];
    if (prefix && MENTIONED[prefix]) out.add(value);
  } else if (Array.isArray(value)) value.forEach((v) => mentions(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => mentions(v, out));
  return out;
}

export interface WebhookEndpoint extends JsonObject {
  id: string;
  url: string;
  secret: string;
  enabled_events: string[];
  api_version: string | null;
}

/** The endpoints registered (`POST /v1/webhook_endpoints`): an event goes to those enabled for its type, or for every type ("*"). */
export const endpoints = endpointRegistry<WebhookEndpoint>("stripe-endpoint", (e, type) => e.enabled_events.includes("*") || e.enabled_events.includes(type));
