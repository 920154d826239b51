import { mapJson } from "../../lib/json.js";
import { idRenewer } from "../../lib/renew-ids.js";
import { epochSeconds, FIXTURE_EPOCH, shiftIsoString } from "../../lib/times.js";
import type { Json, JsonObject, MaterializeContext, ProviderOptions } from "../types.js";
import { STRIPE_API_VERSIONS } from "./events.generated.js";

/** The newest API version: that of the newest stripe-node the fixtures were shaped with. */
export const DEFAULT_API_VERSION = STRIPE_API_VERSIONS[0];

export const TIMESTAMP_KEY =
  /^(created|updated|date|start|end|expires|timestamp|as_of|frozen_time|deletes_after|redeem_by|billing_cycle_anchor|available_on|deadline|next_payment_attempt|next_pending_invoice_item_invoice)$|_(at|date|start|end|until|time|by|anchor|timestamp)$/;
const MIN_TS = 946_684_800; // 2000-01-01
const MAX_TS = 4_102_444_800; // 2100-01-01

/** `--api-version`, or the newest. */
export const apiVersionOf = (options: ProviderOptions): string => (typeof options.apiVersion === "string" ? options.apiVersion : DEFAULT_API_VERSION);

/** `--account`: the connected account an event is sent for. */
export const accountOption = (options: ProviderOptions): string | undefined => (typeof options.account === "string" ? options.account : undefined);

/** Ids renewed and times shifted in one walk of the fixture. */
export function renewAndShift(value: Json, renew: (text: string) => string, seconds: number): Json {
  return mapJson(value, (v, key) => renewAndShiftLeaf(v, key, renew, seconds));
}

/** One leaf of `renewAndShift`: a string's ids renewed and its time moved, a timestamp moved. */
export function renewAndShiftLeaf(v: Json, key: string | undefined, renew: (text: string) => string, seconds: number): Json {
  if (typeof v === "string") return shiftIsoString(renew(v), seconds);
  return isTimestamp(v, key) ? (v as number) + seconds : v;
}

/** A number that `renewAndShift` moves: a plausible Unix time under a key that names a time. */
export const isTimestamp = (v: Json, key: string | undefined): boolean =>
  typeof v === "number" && key !== undefined && TIMESTAMP_KEY.test(key) && v >= MIN_TS && v < MAX_TS;

/**
 * A fresh delivery from a fixture: every id renewed consistently (the same old id always maps to
 * the same new one, also inside strings such as client secrets), timestamps moved to `now`,
 * and the envelope's api_version and Connect account set.
 */
export function materializeStripe(fixture: JsonObject, ctx: MaterializeContext): JsonObject {
  const nowSeconds = epochSeconds(ctx.now);
  const shift = nowSeconds - FIXTURE_EPOCH;
  const account = accountOption(ctx.options);
  const event = renewAndShift(fixture, idRenewer(ctx.random, account ? { pinned: { acct_: account } } : {}), shift) as JsonObject;

  event.created = nowSeconds;
  event.livemode = false;
  event.api_version = apiVersionOf(ctx.options);
  if (account) {
    event.account = account;
    event.context = account;
  }
  return event;
}
