import { closest } from "../../lib/closest.js";
import { UsageError } from "../../lib/errors.js";
import { getOwn, isObject, type Json, type JsonObject } from "../../lib/json.js";
import { findListedEvent } from "../find-event.js";
import type { EventChoice } from "../types.js";
import { STRIPE_API_VERSIONS, STRIPE_EVENTS } from "./events.generated.js";
import { isThinEventType } from "./thin.js";
import { ALL_STRIPE_EVENTS } from "./catalogue.js";

/**
 * The fixture for an event at an API version. Each supported version's objects are shaped by the
 * stripe-node major generated for it: the newest version's fixtures are `fixtures/stripe/<event>.json`,
 * an older one's live in `fixtures/stripe/<version>/` for the events whose shape differs there.
 */
export function resolveStripeEvent(input: string, apiVersion: unknown): EventChoice {
  const choice = findListedEvent("stripe", ALL_STRIPE_EVENTS, input);
  // Thin events are unversioned: their notification carries no object to shape.
  if (isThinEventType(choice.name)) return { ...choice, fixture: `thin/${choice.name}` };
  const version = typeof apiVersion === "string" ? apiVersion : STRIPE_API_VERSIONS[0];
  if (!(STRIPE_API_VERSIONS as readonly string[]).includes(version)) {
    const near = closest(version, STRIPE_API_VERSIONS);
    throw new UsageError(
      `wh-sim does not shape Stripe objects for API version "${version}"`,
      `${near.length ? `did you mean ${near[0]}? ` : ""}supported: ${STRIPE_API_VERSIONS.join(", ")} (the newest is the default)`,
    );
  }
  const info = STRIPE_EVENTS.find((e) => e.name === choice.name)!;
  if (!info.versions.includes(version)) {
    throw new UsageError(
      `${choice.name} does not exist at Stripe API version ${version}`,
      `it exists from ${info.versions.join(", ")}; drop --api-version to use it`,
    );
  }
  return info.shapedFor?.includes(version) ? { ...choice, fixture: `${version}/${choice.name}` } : choice;
}

/**
 * After the user's edits: a field set under `data.object` to the value `previous_attributes` gives
 * for it has not changed, so it leaves previous_attributes (which goes when it is empty), as Stripe
 * would never report it.
 */
export function reconcilePreviousAttributes(payload: JsonObject, editedPaths: readonly (readonly string[])[]): void {
  const data = getOwn(payload, "data");
  if (!isObject(data)) return;
  const previous = getOwn(data, "previous_attributes");
  const object = getOwn(data, "object");
  if (!isObject(previous) || !isObject(object)) return;
  for (const path of editedPaths) {
    if (path[0] !== "data" || path[1] !== "object" || path.length < 3) continue;
    dropIfUnchanged(previous, object, path.slice(2));
  }
  if (Object.keys(previous).length === 0) delete data.previous_attributes;
}

function dropIfUnchanged(previous: JsonObject, object: JsonObject, path: readonly string[]): void {
  const [key, ...rest] = path as [string, ...string[]];
  const before = getOwn(previous, key);
  const now = getOwn(object, key);
  if (before === undefined) return;
  if (rest.length > 0) {
    if (!isObject(before) || !isObject(now)) return;
    dropIfUnchanged(before, now, rest);
    if (Object.keys(before).length === 0) delete previous[key];
  } else if (sameJson(before, now)) {
    delete previous[key];
  }
}

const sameJson = (a: Json | undefined, b: Json | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);
