#!/usr/bin/env node
// Writes fixtures/stripe/<event>.json (one Stripe event per v1 event type) and
// src/providers/stripe/events.generated.ts from ../shared/reference/stripe:
//   event-types.json  event type → data.object type, fixture key, description
//   fixtures3.json    one example object per resource (stripe/openapi, MIT; see NOTICE)
// The example objects carry generator placeholders (`obj_123`, `{"undefined": …}`, values equal
// to their key, `created: 1234567890`); they are replaced here, then a few events are tuned so
// that their object says what the event says (docs/providers.md).
//
//   node scripts/generate-stripe-fixtures.mjs           write
//   node scripts/generate-stripe-fixtures.mjs --check   exit 1 when the committed output differs
// Needs `npm run build` first: it serialises with the provider's own serializer.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRandom } from "../dist/lib/random.js";
import { ALPHANUMERIC } from "../dist/lib/crypto.js";
import { uuidV4 } from "../dist/lib/renew-ids.js";
import { FIXTURE_EPOCH } from "../dist/lib/times.js";
import { DEFAULT_API_VERSION, TIMESTAMP_KEY } from "../dist/providers/stripe/materialize.js";
import { serializeStripe } from "../dist/providers/stripe/serialize.js";
import { catalogModule, emitGenerated, REFERENCE } from "./lib/emit-generated.mjs";

const reference = join(REFERENCE, "stripe");

const { events } = JSON.parse(readFileSync(join(reference, "event-types.json"), "utf8"));
const { resources } = JSON.parse(readFileSync(join(reference, "fixtures3.json"), "utf8"));
const random = createRandom("wh-sim stripe fixtures");
const id = (prefix, length = 24) => prefix + random.chars(length, ALPHANUMERIC);
const DAY = 86_400;

// Id prefixes for placeholder ids, by the object's `object` or, failing that, by its key.
// Prefixes marked * are not shown in Stripe's public docs or fixtures and are our best guess.
const PREFIX_BY_OBJECT = {
  account: "acct_",
  application: "ca_",
  "billing.alert": "alrt_",
  "billing.credit_balance_transaction": "cbtxn_",
  "billing.credit_grant": "credgr_",
  "billing.meter": "mtr_",
  customer: "cus_",
  discount: "di_",
  "entitlements.active_entitlement": "ent_",
  "entitlements.feature": "feat_",
  file: "file_",
  "financial_connections.authorization": "fcauth_" /* * */,
  invoice_payment: "inpay_",
  plan: "price_",
  "reserve.hold": "reshold_" /* * */,
  "reserve.plan": "resplan_" /* * */,
  "reserve.release": "resrel_" /* * */,
  source: "src_",
  "treasury.transaction": "trxn_",
};
const PREFIX_BY_KEY = {
  alert: "alrt_",
  coupon: "",
  credit_grant: "credgr_",
  customer: "cus_",
  destination: "acct_",
  discount: "di_",
  feature: "feat_",
  financial_account: "fa_",
  invoice: "in_",
  invoice_item: "ii_",
  invoice_line_item: "il_",
  invoice_line_items: "il_",
  meter: "mtr_",
  payment_method_configuration_details: "pmc_",
  payment_record: "payrec_" /* * */,
  plan: "price_",
  quote: "qt_",
  refund: "re_",
  refund_group: "refgrp_" /* * */,
  result: "file_",
  subscription: "sub_",
  subscription_item: "si_",
  transaction: "trxn_",
  transaction_refresh: "fctxnref_",
};
// Values for string fields whose example is just their own name, by `parent.key` then `key`.
const TEXT = {
  "outcome.type": "authorized",
  "payment_method_details.type": "card",
  "next_action.type": "redirect_to_url",
  "source.status": "chargeable",
  "trace_id.status": "supported",
  "invoice_payment.status": "paid",
  "customer_mapping.event_payload_key": "stripe_customer_id",
  "value_settings.event_payload_key": "value",
  "feature.name": "Premium support",
  "alert.title": "API usage over 10,000 requests",
  "from_invoice.action": "revision",
  "entitlements.url": "/v1/entitlements/active_entitlements",
  action: "revision",
  currency: "usd",
  description: "Returned outbound payment",
  display_name: "API requests",
  event_name: "api_requests",
  flow: "none",
  institution_name: "StripeBank",
  key: "primary",
  lookup_key: "premium_support",
  message: "Thanks for your order! We'll email your receipt.",
  name: "Jenny Rosen",
  reason: "rule",
  return_url: "https://example.com/account",
  timezone: "America/New_York",
};
const FUTURE_KEYS =
  /^(expires_at|redeem_by|due_date|next_payment_attempt|trial_end|cancel_at|arrival_date|expected_arrival_date|deletes_after|period_end|end|current_period_end|result_available_until|data_available_end|next_refresh_available_at)$/;

// Nullable hashes the example objects leave empty; Stripe sends null when there is none.
const NULL_WHEN_EMPTY = new Set(["shipping", "customer_shipping", "shipping_details"]);

function clean(value, key, parent, parentKey) {
  if (NULL_WHEN_EMPTY.has(key) && value && typeof value === "object" && Object.keys(value).length === 0) return null;
  if (Array.isArray(value)) return value.map((v) => clean(v, key, parent, parentKey));
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "undefined") {
        if (typeof v === "number") out.usd = v; // a currency map: {"undefined": 123} → {"usd": 123}
        continue; // metadata {"undefined": "metadata"} → {}
      }
      out[k] = clean(v, k, value, key);
    }
    return out;
  }
  if (typeof value === "string" && /^[a-z]+_1234?$/.test(value)) {
    const prefix = PREFIX_BY_OBJECT[parent?.object] ?? PREFIX_BY_KEY[parentKey] ?? value.replace(/\d+$/, "");
    return id(prefix, 24);
  }
  if (typeof value === "string" && value === key) {
    if (key === "client_secret") return `src_client_secret_${random.chars(24, ALPHANUMERIC)}`;
    if (key in PREFIX_BY_KEY) return PREFIX_BY_KEY[key] ? id(PREFIX_BY_KEY[key]) : random.chars(8, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789");
    const text = TEXT[`${parentKey}.${key}`] ?? TEXT[key];
    if (text === undefined) throw new Error(`no replacement for placeholder ${parentKey}.${key}`);
    return text;
  }
  if (typeof value === "number" && TIMESTAMP_KEY.test(key ?? "")) {
    // Placeholder or implausible times (1972, 2032…) become times around the delivery.
    if (value === 1234567890 || Math.abs(value - FIXTURE_EPOCH) > 3 * 365 * DAY) {
      return FUTURE_KEYS.test(key) ? FIXTURE_EPOCH + 7 * DAY : FIXTURE_EPOCH - 3600;
    }
    return value;
  }
  if (typeof value === "number") return plausibleNumber(value, key);
  if (key === "livemode" && value === true) return false; // every fixture is a test-mode object
  return value;
}

// The example objects fill fields the spec gives no example for with random integers
// (`interval_count: 797691627`, `minutes: 1064901855`); put values back in their range.
const NUMBER_LIMITS = {
  hour: [23, 0],
  minutes: [59, 0],
  day_of_month: [31, 1],
  interval_count: [12, 1],
  delay_days: [365, 2],
  percent: [100, 10],
  payment_count: [1000, 1],
  count: [10_000, 3],
  limit: [10_000, 100],
  size: [100_000_000, 48_213],
  height: [1000, 10],
  length: [1000, 20],
  width: [1000, 15],
  weight: [10_000, 16],
};
function plausibleNumber(value, key) {
  const [max, fallback] = NUMBER_LIMITS[key] ?? [];
  if (max !== undefined) return value > max ? fallback : value;
  // Anything else this large is a money amount in cents (or a balance impact): $20.00.
  return Math.abs(value) >= 1_000_000 ? 2000 : value;
}

function envelope(type, object) {
  return {
    id: id("evt_"),
    object: "event",
    api_version: DEFAULT_API_VERSION,
    created: FIXTURE_EPOCH,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

function objectFor(fixtureKey) {
  return clean(structuredClone(resources[fixtureKey]), fixtureKey);
}

const ACCOUNT = objectFor("account").id;
const pending = (at) => ({ last_attempted_at: at, next_refresh_available_at: null, status: "pending" });
const succeeded = (at) => ({ last_attempted_at: at, next_refresh_available_at: at + 3600, status: "succeeded" });
const connect = (event) => Object.assign(event, { account: ACCOUNT, context: ACCOUNT });

// A linked account as most FC events find it: all permissions granted, every refresh done a day ago.
function financialConnectionsAccount(o) {
  const at = FIXTURE_EPOCH - DAY;
  Object.assign(o, {
    permissions: ["balances", "ownership", "payment_method", "transactions"],
    balance: { as_of: at, cash: { available: { usd: 598_210 } }, current: { usd: 601_475 }, type: "cash" },
    balance_refresh: succeeded(at),
    ownership: id("fcaowns_"), // prefix unconfirmed
    ownership_refresh: succeeded(at),
    subscriptions: ["transactions"],
    transaction_refresh: { id: id("fctxnref_"), ...succeeded(at) },
  });
}

// What each tuned event changes in its object, and what it reports as previous_attributes.
const TUNING = {
  "financial_connections.account.created": (e, o) => {
    Object.assign(o, {
      created: FIXTURE_EPOCH - 5,
      balance: null,
      balance_refresh: null,
      ownership: null,
      ownership_refresh: null,
      transaction_refresh: null,
      subscriptions: [],
    });
  },
  "financial_connections.account.deactivated": (e, o) => {
    o.status = "inactive";
    e.data.previous_attributes = { status: "active" };
  },
  "financial_connections.account.reactivated": (e) => {
    e.data.previous_attributes = { status: "inactive" };
  },
  "financial_connections.account.disconnected": (e, o) => {
    Object.assign(o, { status: "disconnected", subscriptions: [] });
    e.data.previous_attributes = { status: "active" };
  },
  "financial_connections.account.refreshed_balance": (e, o) => {
    const at = FIXTURE_EPOCH - 10;
    const before = o.balance;
    o.balance = { as_of: at, cash: { available: { usd: 612_050 } }, current: { usd: 624_300 }, type: "cash" };
    o.balance_refresh = succeeded(at);
    e.data.previous_attributes = { balance: before, balance_refresh: pending(at) };
  },
  "financial_connections.account.refreshed_ownership": (e, o) => {
    const at = FIXTURE_EPOCH - 10;
    o.ownership_refresh = succeeded(at);
    e.data.previous_attributes = { ownership_refresh: pending(at) };
  },
  "financial_connections.account.refreshed_transactions": (e, o) => {
    const at = FIXTURE_EPOCH - 10;
    const refreshId = id("fctxnref_");
    o.subscriptions = ["transactions"];
    o.transaction_refresh = { id: refreshId, ...succeeded(at) };
    e.data.previous_attributes = { transaction_refresh: { id: refreshId, ...pending(at) } };
  },
  "account.application.deauthorized": (e, o) => {
    o.name = "Acme Marketplace";
    connect(e);
  },
  "account.external_account.updated": (e, o) => {
    Object.assign(o, { account: ACCOUNT, default_for_currency: true, status: "verified" });
    e.data.previous_attributes = { default_for_currency: false, status: "new" };
    connect(e);
  },
  "account.updated": (e, o) => {
    Object.assign(o, { charges_enabled: true, details_submitted: true, payouts_enabled: true });
    e.data.previous_attributes = { charges_enabled: false, details_submitted: false, payouts_enabled: false };
    connect(e);
  },
  "balance.available": (e, o) => {
    o.available = [{ amount: 245_000, currency: "usd", source_types: { card: 245_000 } }];
    o.pending = [{ amount: 12_800, currency: "usd", source_types: { card: 12_800 } }];
  },
  "payment_intent.succeeded": (e, o) => {
    Object.assign(o, {
      amount: 2000,
      amount_received: 2000,
      canceled_at: null,
      cancellation_reason: null,
      last_payment_error: null,
      latest_charge: id("ch_"),
      next_action: null,
      payment_method: id("pm_"),
      status: "succeeded",
    });
  },
  "payout.failed": (e, o) => {
    Object.assign(o, {
      failure_balance_transaction: id("txn_"),
      failure_code: "account_closed",
      failure_message: "The bank account has been closed.",
      status: "failed",
    });
  },
  "person.updated": (e, o) => {
    Object.assign(o, { dob: { day: 14, month: 3, year: 1986 }, first_name: "Jenny", last_name: "Rosen" });
    o.verification.status = "verified";
    e.data.previous_attributes = { verification: { status: "pending" } };
    connect(e);
  },
  "radar.early_fraud_warning.updated": (e, o) => {
    o.actionable = false;
    e.data.previous_attributes = { actionable: true };
  },
  "customer.discount.updated": (e, o) => {
    e.data.previous_attributes = { end: o.end - 30 * DAY };
  },
  "customer.tax_id.updated": (e, o) => {
    o.verification = { status: "verified", verified_address: "Unter den Linden 1, 10117 Berlin", verified_name: "Rosen GmbH" };
    e.data.previous_attributes = { verification: { status: "pending", verified_address: null, verified_name: null } };
  },
  "balance_settings.updated": (e) => {
    e.data.previous_attributes = { payments: { settlement_timing: { delay_days: 7 } } };
  },
  "entitlements.active_entitlement_summary.updated": (e) => {
    e.data.previous_attributes = { entitlements: { data: [], has_more: false, object: "list", url: "/v1/entitlements/active_entitlements" } };
  },
  "reserve.hold.updated": (e, o) => {
    e.data.previous_attributes = { amount: o.amount + 500 };
  },
  "customer.created": (e, o) => {
    Object.assign(o, { created: FIXTURE_EPOCH, discount: null, email: "jenny.rosen@example.com", name: "Jenny Rosen" });
    e.request = { id: id("req_", 14), idempotency_key: uuidV4(random) };
  },
};

// `*.updated` events carry previous_attributes; untuned ones report a metadata change.
function genericUpdate(e, o) {
  if (e.data.previous_attributes || !e.type.endsWith(".updated")) return;
  if (o.metadata && typeof o.metadata === "object") {
    o.metadata = { ...o.metadata, order_id: "6735" };
    e.data.previous_attributes = { metadata: {} };
  } else if (typeof o.updated === "number") {
    e.data.previous_attributes = { updated: o.updated - DAY };
  } else if (typeof o.status === "string") {
    e.data.previous_attributes = { status: o.status === "active" ? "inactive" : "active" };
  }
}

const PLACEHOLDER = /"[a-z]+_123"|"undefined"|: 1234567890\b/;
const files = new Map();
const catalog = [];
for (const [type, info] of Object.entries(events)) {
  const variants = (info.fixture_alternatives ?? []).filter((k) => k !== info.fixture_key);
  for (const fixtureKey of [info.fixture_key, ...variants]) {
    const object = objectFor(fixtureKey);
    const event = envelope(type, object);
    if (object.object === "financial_connections.account") financialConnectionsAccount(object);
    if (fixtureKey === info.fixture_key) TUNING[type]?.(event, object);
    genericUpdate(event, object);
    const body = serializeStripe(event);
    if (PLACEHOLDER.test(body)) throw new Error(`${type}: placeholder left: ${body.match(PLACEHOLDER)[0]}`);
    files.set(fixtureKey === info.fixture_key ? `${type}.json` : `${type}@${fixtureKey}.json`, body);
  }
  catalog.push({ name: type, description: info.description, ...(variants.length ? { variants } : {}) });
}

emitGenerated("Stripe", [
  {
    dir: "fixtures/stripe",
    files,
    catalog: "src/providers/stripe/events.generated.ts",
    source: catalogModule("generate-stripe-fixtures.mjs", "STRIPE_EVENTS", catalog),
  },
]);
