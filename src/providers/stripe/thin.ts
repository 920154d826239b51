import { isObject, type JsonObject } from "../../lib/json.js";
import { createRandom } from "../../lib/random.js";
import { idRenewer } from "../../lib/renew-ids.js";
import { FIXTURE_EPOCH } from "../../lib/times.js";
import { renewAndShift } from "./materialize.js";
import { parseThinEventId, thinEventId, type ThinKey } from "./thin-id.js";

/**
 * After the user's edits to a thin notification: a new `related_object.id` or `context` goes into
 * the event id (and the object's URL), so that the listener's fetch-back serves that object.
 */
export function reconcileThin(payload: JsonObject, editedPaths: readonly (readonly string[])[]): void {
  const key = typeof payload.id === "string" ? parseThinEventId(payload.id) : undefined;
  const related = isObject(payload.related_object) ? payload.related_object : undefined;
  const touched = editedPaths.some((p) => p[0] === "context" || (p[0] === "related_object" && p[1] === "id"));
  if (!key || !touched) return;
  const subject = typeof related?.id === "string" ? related.id : undefined;
  const context = typeof payload.context === "string" ? payload.context : undefined;
  const rekeyed = { ...key, context, subject };
  payload.id = thinEventId(rekeyed);
  if (related && subject && typeof related.url === "string") related.url = related.url.replace(/[^/]+$/, subject);
}

/** Thin event types are namespaced by the API that raises them: `v1.customer.created`, `v2.core.account.created`. */
export const isThinEventType = (name: string): boolean => /^v[12]\./.test(name);

/** `fixtures/stripe/thin/<type>.json`: the event as `GET /v2/core/events/{id}` returns it, and its related object. */
export interface ThinTemplate {
  readonly event: JsonObject;
  readonly related_object: JsonObject | null;
}

export interface ThinEvent {
  /** What Stripe pushes: the event's envelope, no `data`. */
  readonly notification: JsonObject;
  /** `GET /v2/core/events/{id}`. */
  readonly event: JsonObject;
  /** `GET <related_object.url>`; null for types without one. */
  readonly relatedObject: JsonObject | null;
}

/**
 * The thin event a key stands for: the same key always gives the same ids and values (the seed
 * drives them), so `trigger` and a listener that only sees the id agree. `--account` becomes the
 * event's `context` and the id of the account objects it refers to.
 */
export function renderThin(template: ThinTemplate, key: ThinKey): ThinEvent {
  const random = createRandom(key.seed.toString("hex"));
  const pinned: Record<string, string> = key.context ? { acct_: key.context } : {};
  const subjectPrefix = key.subject && /^(?:[a-z]+_)+/.exec(key.subject)?.[0];
  if (subjectPrefix) pinned[subjectPrefix] = key.subject!;
  const shift = Math.round(key.created.getTime() / 1000) - FIXTURE_EPOCH;
  const renewed = renewAndShift(template as unknown as JsonObject, idRenewer(random, { pinned }), shift) as {
    event: JsonObject;
    related_object: JsonObject | null;
  };
  const event: JsonObject = { ...renewed.event, id: thinEventId(key), created: key.created.toISOString() };
  if (key.context) event.context = key.context;
  const notification: JsonObject = {};
  for (const field of ["id", "object", "type", "created", "livemode", "context", "reason", "related_object"]) notification[field] = event[field] ?? null;
  if (!event.related_object) delete notification.related_object;
  return { notification, event, relatedObject: renewed.related_object };
}
