import { mapJson } from "../../fixtures/json-walk.js";
import { ALPHANUMERIC } from "../crypto.js";
import type { JsonObject, MaterializeContext } from "../types.js";

/** Fixtures are written as if sent at this instant; every timestamp moves with the real clock. */
export const FIXTURE_EPOCH = 1_722_000_000;
/** The API version the fixtures are rendered in (stripe-node 22.5.0, reference/stripe/notes.md). */
export const DEFAULT_API_VERSION = "2026-07-29.dahlia";

// A Stripe id: one or more lower-case prefixes (`cus_`, `cs_test_`, `sub_sched_`) then a suffix
// with a digit or capital, so words such as `us_bank_account` are left alone.
const ID = /(?<![A-Za-z0-9_])((?:[a-z]+_)+)([A-Za-z0-9]*[0-9A-Z][A-Za-z0-9]*)(?![A-Za-z0-9])/g;
export const TIMESTAMP_KEY =
  /^(created|updated|date|start|end|expires|timestamp|as_of|frozen_time|deletes_after|redeem_by|billing_cycle_anchor|available_on|next_payment_attempt|next_pending_invoice_item_invoice)$|_(at|date|start|end|until|time|by|anchor)$/;
const MIN_TS = 946_684_800; // 2000-01-01
const MAX_TS = 4_102_444_800; // 2100-01-01

/**
 * A fresh delivery from a fixture: every id renewed consistently (the same old id always maps to
 * the same new one, also inside strings such as client secrets), timestamps moved to `now`,
 * and the envelope's api_version and Connect account set.
 */
export function materializeStripe(fixture: JsonObject, ctx: MaterializeContext): JsonObject {
  const nowSeconds = Math.floor(ctx.now.getTime() / 1000);
  const shift = nowSeconds - FIXTURE_EPOCH;
  const account = typeof ctx.options.account === "string" ? ctx.options.account : undefined;
  const renewed = new Map<string, string>();
  const renewId = (match: string, prefix: string, suffix: string): string => {
    if (account && prefix === "acct_") return account;
    let fresh = renewed.get(match);
    if (!fresh) {
      fresh = prefix + ctx.random.chars(Math.max(suffix.length, 14), ALPHANUMERIC);
      renewed.set(match, fresh);
    }
    return fresh;
  };
  const event = mapJson(fixture, (value, key) => {
    if (typeof value === "string") return value.replace(ID, renewId);
    if (typeof value === "number" && key && TIMESTAMP_KEY.test(key) && value >= MIN_TS && value < MAX_TS) {
      return value + shift;
    }
    return value;
  }) as JsonObject;

  event.created = nowSeconds;
  event.livemode = false;
  const apiVersion = ctx.options.apiVersion;
  event.api_version = typeof apiVersion === "string" ? apiVersion : DEFAULT_API_VERSION;
  if (account) {
    event.account = account;
    event.context = account;
  }
  return event;
}
