#!/usr/bin/env node
// Writes the Stripe fixtures and catalogues:
//   fixtures/stripe/<event>[@variant].json     every v1 event type of the newest stripe-node, at its API version
//   fixtures/stripe/<older version>/…           the previous version's shape, where it differs
//   fixtures/stripe/thin/<type>.json            every thin (v2) event: the fetched event and its related object
//   src/providers/stripe/events.generated.ts, thin-events.generated.ts
// The catalogue and every object's shape come from stripe-node's declarations
// (scripts/lib/stripe-shapes.mjs); the values from ../shared/reference/stripe:
//   event-types.json  event type → which example object it carries
//   fixtures3.json    one example object per resource (stripe/openapi, MIT; see NOTICE)
// The example objects carry generator placeholders (`obj_123`, `{"undefined": …}`, values equal
// to their key, `created: 1234567890`); they are replaced here, a few events are tuned so that
// their object says what the event says, then each object is shaped to the version's types
// (docs/providers.md).
//
//   node scripts/generate-stripe-fixtures.mjs             write
//   node scripts/generate-stripe-fixtures.mjs --check     exit 1 when the committed output differs
//   node scripts/generate-stripe-fixtures.mjs --changes   also list what shaping changed, field by field
// Needs `npm run build` first: it serialises with the provider's own serializer.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRandom } from "../dist/lib/random.js";
import { ALPHANUMERIC } from "../dist/lib/crypto.js";
import { uuidV4 } from "../dist/lib/renew-ids.js";
import { FIXTURE_EPOCH } from "../dist/lib/times.js";
import { TIMESTAMP_KEY } from "../dist/providers/stripe/materialize.js";
import { resourceUrl } from "../dist/providers/stripe/resource-url.js";
import { serializeStripe } from "../dist/providers/stripe/serialize.js";
import { makeState, stateOf, stateRules, stateViolations } from "../dist/events/states.js";
import { catalogModule, emitGenerated, REFERENCE } from "./lib/emit-generated.mjs";
import { allowedLiterals, conform, loadStripeShapes, loadThinShapes, STRIPE_PACKAGES, synthesize } from "./lib/stripe-shapes.mjs";

const reference = join(REFERENCE, "stripe");

const { events } = JSON.parse(readFileSync(join(reference, "event-types.json"), "utf8"));
const { resources } = JSON.parse(readFileSync(join(reference, "fixtures3.json"), "utf8"));
const random = createRandom("wh-sim stripe fixtures");
// What each event's name says of its object (fixtures/states/stripe.json); ids the rules make come from a
// random of their own, so that a new rule changes no other fixture's ids.
const STATES = stateRules("stripe");
const stateRandom = createRandom("wh-sim stripe states");
const id = (prefix, length = 24) => prefix + random.chars(length, ALPHANUMERIC);
const DAY = 86_400;

// Id prefixes for placeholder ids, by the object's `object` or, failing that, by its key. Newer
// resources carry Stripe's `_test_` infix in test mode (`mtr_test_…`), older ones do not (`cus_…`).
// Prefixes marked * are not shown in Stripe's public docs or fixtures and are our best guess.
const PREFIX_BY_OBJECT = {
  account: "acct_",
  application: "ca_",
  "billing.alert": "alrt_",
  "billing.credit_balance_transaction": "cbtxn_test_",
  "billing.credit_grant": "credgr_test_",
  "billing.meter": "mtr_test_",
  customer: "cus_",
  discount: "di_",
  "entitlements.active_entitlement": "ent_test_",
  "entitlements.feature": "feat_test_",
  file: "file_",
  "financial_connections.authorization": "fcauth_" /* * */,
  invoice_payment: "inpay_",
  plan: "price_",
  "reserve.hold": "reshold_" /* * */,
  "reserve.plan": "resplan_" /* * */,
  "reserve.release": "resrel_" /* * */,
  source: "src_",
  "treasury.transaction": "trxn_",
  // v2 objects: accounts keep v1's `acct_`; the others' test-mode forms are our best guess (*).
  "v2.core.account": "acct_",
  "v2.core.account_person": "person_test_",
  "v2.core.event_destination": "ed_test_",
  "v2.commerce.product_catalog_import": "pcimp_test_",
  "v2.money_management.adjustment": "adj_test_",
  "v2.money_management.financial_account": "fa_test_",
  "v2.money_management.financial_address": "finaddr_test_",
  "v2.money_management.inbound_transfer": "ibt_test_",
  "v2.money_management.outbound_payment": "obp_test_",
  "v2.money_management.payout_intent": "poi_test_",
  "v2.money_management.payout_method": "usba_test_",
  "v2.money_management.received_credit": "rc_test_",
  "v2.money_management.recipient_verification": "recv_test_",
  "v2.money_management.transaction": "trxn_test_",
};
const PREFIX_BY_KEY = {
  alert: "alrt_",
  coupon: "",
  credit_grant: "credgr_test_",
  customer: "cus_",
  destination: "acct_",
  discount: "di_",
  feature: "feat_test_",
  financial_account: "fa_",
  invoice: "in_",
  invoice_item: "ii_",
  invoice_line_item: "il_",
  invoice_line_items: "il_",
  meter: "mtr_test_",
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
  email: "jenny.rosen@example.com",
  reason: "rule",
  return_url: "https://example.com/account",
  timezone: "America/New_York",
  title: "API usage over 10,000 requests",
  account: "acct_1PgafTB7WZ01zgkW",
  country: "US",
  settlement_currency: "usd",
  statement_descriptor: "ROSEN OUTDOOR",
  recipient: "acct_1PgafTB7WZ01zgkW",
  provided_name: "Jenny Rosen",
  financial_account: "fa_test_61RS0CgWt1BvAmq2x16RS0CgQySQO5IF",
  payout_method: "usba_test_61RS0CgWt1BvAmq2x16RS0CgQySQO5IF",
  account_id: "acct_1PgafTB7WZ01zgkW",
  transaction_id: "trxn_test_61RS0CgWt1BvAmq2x16RS0CgQySQO5IF",
  type: "card",
  customer: "cus_QXgBW4wDTvDPMF",
  developer_message_summary: "There is 1 invalid event: the meter event's customer mapping did not match a customer",
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
  if (typeof value === "string" && /123456789|\.dev\.stripe\.me/.test(value)) {
    // Leftover constants (`network_id: "1234567890"`, `pm_123456789`, a Stripe-internal dev host).
    if (/^[a-z]+_123456789$/.test(value)) return id(value.replace(/\d+$/, ""));
    return value
      .replace(/https:\/\/[^/]+\.dev\.stripe\.me/, "https://pay.stripe.com")
      .replace(/\d*123456789\d*/g, (run) => random.chars(run.length, "0123456789"));
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
    api_version: null, // set by shapeFor
    created: FIXTURE_EPOCH,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: requestFor(type),
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

// Objects of resources newer than the example objects, written after stripe-node's types.
// Prefixes `appinst_` and `threeds_` are not in Stripe's public fixtures: our best guess (*).
const NEW_OBJECTS = {
  "apps.install": () => ({
    id: id("appinst_"),
    object: "apps.install",
    account: ACCOUNT,
    app: "com.example.invoicing-sync",
    approval_required: false,
    auth_code: null,
    channel: "public",
    content_security_policy_granted: { connect_src: ["https://api.example.com"], image_src: [] },
    content_security_policy_pending: { connect_src: [], image_src: [] },
    created: FIXTURE_EPOCH - 60,
    created_by: "jenny.rosen@example.com",
    endpoints_granted: [],
    endpoints_pending: [],
    livemode: false,
    permissions_granted: ["customer_read", "invoice_read", "invoice_write"],
    permissions_pending: [],
    status: "installed",
  }),
  "three_d_secure.authentication": () => ({
    id: id("threeds_"),
    object: "three_d_secure.authentication",
    amount: 2000,
    channel: {
      browser: {
        accept_header: "text/html,application/xhtml+xml",
        ip_address: "203.0.113.24",
        javascript_enabled: true,
        language: "en-US",
        user_agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
      },
      type: "browser",
    },
    created: FIXTURE_EPOCH - 30,
    currency: "usd",
    directory_server: "visa",
    livemode: false,
    message_category: "payment_authentication",
    metadata: {},
    outcome: "authenticated",
    outcome_details: {
      eci: "05",
      protocol_version: "2.2.0",
      three_ds_server_transaction_id: uuidV4(random),
      ds_transaction_id: uuidV4(random),
    },
    payment_method: id("pm_"),
    status: "succeeded",
  }),
};
// The 3DS authentication's status and outcome each event reports.
const THREE_DS = {
  canceled: ["canceled", "canceled"],
  challenge_started: ["requires_challenge", undefined],
  errored: ["error", "internal_error"],
  failed: ["failed", "denied"],
  requires_challenge: ["requires_challenge", undefined],
  requires_submission: ["requires_submission", undefined],
  succeeded: ["succeeded", "authenticated"],
};

// An invoice a subscription generated: its parent and its lines say so (shaping then empties the
// other members of these tagged hashes, e.g. `quote_details`).
function subscriptionInvoice(o) {
  if (o.parent) o.parent.type = "subscription_details";
  for (const line of o.lines?.data ?? []) if (line.parent) line.parent.type = "subscription_item_details";
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
    e.data.previous_attributes = { entitlements: { data: [] } };
  },
  "reserve.hold.updated": (e, o) => {
    e.data.previous_attributes = { amount: o.amount + 500 };
  },
  ...Object.fromEntries(
    Object.entries(THREE_DS).map(([verb, [status, outcome]]) => [
      `three_d_secure.authentication.${verb}`,
      (e, o) => {
        o.status = status;
        if (outcome) o.outcome = outcome;
        else delete o.outcome;
        if (!outcome) delete o.outcome_details;
      },
    ]),
  ),
  "apps.install.updated": (e, o) => {
    o.permissions_granted = [...o.permissions_granted, "subscription_read"];
    e.data.previous_attributes = { permissions_granted: o.permissions_granted.slice(0, -1) };
  },
  "source.transaction.updated": (e, o) => {
    o.status = "succeeded";
    e.data.previous_attributes = { status: "pending" };
  },
  "apps.install.deleted": (e, o) => {
    o.status = "uninstalling";
  },
  "customer.created": (e, o) => {
    Object.assign(o, { created: FIXTURE_EPOCH, discount: null, email: "jenny.rosen@example.com", name: "Jenny Rosen" });
  },
};

/**
 * previous_attributes as Stripe documents it: on `*.updated` events only, naming fields whose value
 * changed. Untuned updates report a metadata change, else a status change within the field's enum.
 */
function settleUpdate(e, objectDesc) {
  const o = e.data.object;
  if (!e.type.endsWith(".updated")) {
    delete e.data.previous_attributes;
    return;
  }
  if (!e.data.previous_attributes) {
    const statuses = objectDesc.kind === "object" ? allowedLiterals(objectDesc.props.get("status")?.type ?? { kind: "any" }) : undefined;
    if (o.metadata && typeof o.metadata === "object") {
      o.metadata = { ...o.metadata, order_id: "6735" };
      e.data.previous_attributes = { metadata: {} };
    } else if (typeof o.status === "string" && statuses?.some((s) => s !== o.status)) {
      e.data.previous_attributes = { status: statuses.find((s) => s !== o.status) };
    } else if (typeof o.updated === "number") {
      e.data.previous_attributes = { updated: o.updated - DAY };
    }
  }
  if (!e.data.previous_attributes) throw new Error(`${e.type}: no previous_attributes; add a TUNING entry`);
  const unchanged = unchangedPaths(e.data.previous_attributes, o);
  if (unchanged.length) throw new Error(`${e.type}: previous_attributes equal the object at ${unchanged.join(", ")}`);
}

/** Leaves of `previous` whose value the object still has (a change that is no change). */
function unchangedPaths(previous, object, path = "") {
  return Object.entries(previous).flatMap(([k, v]) => {
    const now = object?.[k];
    const at = path ? `${path}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v) && now && typeof now === "object" && Object.keys(v).length) return unchangedPaths(v, now, at);
    return JSON.stringify(v) === JSON.stringify(now) ? [at] : [];
  });
}

// Events an API request of the integration causes carry that request's id (and its idempotency
// key); events Stripe raises on its own (payouts, disputes, refreshes, billing cycles) carry null.
const AUTOMATIC =
  /^(balance\.|balance_settings\.|payout\.|charge\.dispute\.|issuing_authorization\.|issuing_dispute\.funds|issuing_transaction\.|radar\.|review\.|reporting\.|sigma\.|financial_connections\.account\.(refreshed|upcoming|expected|account_numbers|supported)|financial_connections\.authorization\.|test_helpers\.|invoice\.(upcoming|will_be_due|overdue|payment_attempt_required|finalization_failed)|customer\.subscription\.(trial_will_end|pending_update_expired)|customer\.source\.expiring|subscription_schedule\.(expiring|completed|aborted)|source\.|climate\.order\.(delivered|delayed|product_substituted)|treasury\.received_|capability\.|file\.|mandate\.|reserve\.|entitlements\.|billing\.alert\.|billing\.credit_balance_transaction\.|three_d_secure\.|cash_balance\.|customer_cash_balance_transaction\.|identity\.verification_session\.(processing|verified|requires_input)|payment_intent\.(processing|partially_funded|amount_capturable_updated|requires_action|payment_failed|succeeded)|charge\.(succeeded|failed|pending|expired|captured|updated|refund\.updated)|setup_intent\.(requires_action|setup_failed|succeeded)|checkout\.session\.(completed|expired|async_)|invoice\.(paid|payment_succeeded|payment_failed|payment_action_required|overpaid)|invoice_payment\.paid|terminal\.reader\.action_)/;
function requestFor(type) {
  return AUTOMATIC.test(type) ? { id: null, idempotency_key: null } : { id: id("req_", 14), idempotency_key: uuidV4(random) };
}

const PLACEHOLDER = /"[a-z]+_123"|"undefined"|: 1234567890\b|1234567890|\.dev\.stripe\.me/;

// The shapes: the newest stripe-node's types decide the catalogue and the default version; the
// previous major's decide the shapes sent with `--api-version <its version>`.
const versions = STRIPE_PACKAGES.map(loadStripeShapes);
const newest = versions[0];
const fixtureKeyByObject = new Map(Object.entries(resources).map(([key, r]) => [r.object, key]));

/** A value for a required field the example objects lack, made from its type. */
// The event type being shaped, for the generator's error messages.
let shapingType = "";
function fill(desc, path, key) {
  return synthesize(desc, path, key, (kind, at, name, object) => {
    if (kind === "id" || (kind === "string" && name === "id")) return id(idPrefix(object, name));
    if (kind === "number") return TIMESTAMP_KEY.test(name) ? FIXTURE_EPOCH : 0;
    // v2 objects write times as ISO strings.
    if (kind === "string" && /^(created|updated)$|_(start|end|at)$/.test(name)) return new Date(FIXTURE_EPOCH * 1000).toISOString();
    if (kind === "boolean") return false;
    if (kind === "decimal") return "0";
    const text = TEXT[name];
    if (text === undefined) throw new Error(`no value for the required string ${at} (${shapingType}): add one to TEXT`);
    return text;
  });
}
function idPrefix(object, key) {
  const literal = object?.props.get("object")?.type;
  const name = literal?.kind === "literal" ? literal.value : undefined;
  return PREFIX_BY_OBJECT[name] ?? PREFIX_BY_KEY[key] ?? `${key}_`;
}

/** The event shaped to one version's types; `changes` collects what shaping did. */
function shapeFor(shapes, event, changes) {
  const info = shapes.events.get(event.type);
  const note = (path, what) => changes.push(`${event.type} ${path}: ${what}`);
  const { previous_attributes: previous, ...data } = event.data;
  const shaped = conform({ ...event, api_version: shapes.version, data }, info.event, fill, note);
  if (previous) shaped.data.previous_attributes = conform(previous, info.object, fill, note, "data.previous_attributes", "", true);
  return shaped;
}

const snapshotObjects = new Map(); // event type → its newest data.object, for the thin events' related objects
const outputs = new Map(versions.map((v) => [v.version, new Map()]));
const changes = [];
const catalog = [];
const contradictions = [];
for (const [type, info] of newest.events) {
  shapingType = type;
  const known = events[type];
  const mainKey = known?.fixture_key ?? fixtureKeyByObject.get(objectLiteral(info.object));
  const variants = (known?.fixture_alternatives ?? []).filter((k) => k !== mainKey);
  const since = versions.filter((v) => v.events.has(type)).map((v) => v.version);
  const bodies = new Map(versions.map((v) => [v.version, new Map()]));
  // Variants: the other example objects of the type, then the states the rules name (`charge.refunded@partial`).
  const ruleVariants = Object.keys(STATES.events).flatMap((k) => (k.startsWith(`${type}@`) ? [k.slice(type.length + 1)] : []));
  const made = [
    ...[mainKey, ...variants].map((key) => ({ key, variant: key === mainKey ? undefined : key })),
    ...ruleVariants.map((variant) => ({ key: mainKey, variant })),
  ];
  let main;
  for (const { key: fixtureKey, variant } of made) {
    let event;
    if (main && fixtureKey === mainKey) {
      // A state of the main object: its copy, with an event id of the rules' own.
      event = { ...structuredClone(main), id: `evt_${stateRandom.chars(24, ALPHANUMERIC)}` };
    } else {
      const object = mainKey ? objectFor(fixtureKey) : NEW_OBJECTS[objectLiteral(info.object)]();
      event = envelope(type, object);
      if (object.object === "financial_connections.account") financialConnectionsAccount(object);
      if (object.object === "invoice") subscriptionInvoice(object);
      if (fixtureKey === mainKey) TUNING[type]?.(event, object);
      if (fixtureKey === mainKey) main = structuredClone(event);
    }
    const object = event.data.object;
    const state = stateOf(STATES, type, variant);
    if (state) makeState(state, object, { rules: STATES, now: FIXTURE_EPOCH, newId: (prefix) => prefix + stateRandom.chars(24, ALPHANUMERIC) });
    const file = variant ? `${type}@${variant}.json` : `${type}.json`;
    for (const shapes of versions) {
      if (!shapes.events.has(type)) continue;
      const shaped = shapeFor(shapes, structuredClone(event), shapes === newest ? changes : []);
      settleUpdate(shaped, shapes.events.get(type).object);
      const broken = state ? stateViolations(state, shaped.data.object, { rules: STATES, now: FIXTURE_EPOCH }) : [];
      if (broken.length && shapes === newest) contradictions.push(`${file}: ${broken.join("; ")}`);
      const body = serializeStripe(shaped);
      if (PLACEHOLDER.test(body)) throw new Error(`${type}: placeholder left: ${body.match(PLACEHOLDER)[0]}`);
      bodies.get(shapes.version).set(file, body);
      if (shapes === newest && !variant) snapshotObjects.set(type, shaped.data.object);
    }
  }
  // An older version has its own fixtures for an event only where a shape differs (api_version aside).
  const newestBodies = bodies.get(newest.version);
  for (const [version, files] of bodies) {
    const differs = version === newest.version || [...files].some(([file, body]) => body.replace(version, newest.version) !== newestBodies.get(file));
    if (differs) for (const [file, body] of files) outputs.get(version).set(file, body);
  }
  const ownShapes = versions.filter((v) => v !== newest && outputs.get(v.version).has(`${type}.json`)).map((v) => v.version);
  catalog.push({
    name: type,
    description: info.doc || known?.description || "",
    ...(variants.length + ruleVariants.length ? { variants: [...variants, ...ruleVariants] } : {}),
    versions: since,
    ...(ownShapes.length ? { shapedFor: ownShapes } : {}),
  });
}
if (process.argv.includes("--changes")) console.log(changes.join("\n"));
if (contradictions.length)
  throw new Error(`objects that contradict their event after shaping (fix fixtures/states/stripe.json):\n${contradictions.join("\n")}`);

function objectLiteral(desc) {
  const o = desc.kind === "object" ? desc.props.get("object")?.type : undefined;
  return o?.kind === "literal" ? o.value : undefined;
}

// v2 objects no example object shows: what their types require, plus the fields a handler reads.
const V2_TUNING = {
  "v2.core.account": (o) => Object.assign(o, { contact_email: "jenny.rosen@example.com", display_name: "Rosen Outdoor Supply" }),
  // A sandbox made for a user to claim: its state follows the event (claimed, expiring, expired…).
  "v2.core.claimable_sandbox": (o, type) => {
    const day = 86_400_000;
    const at = (offset) => new Date((FIXTURE_EPOCH + offset / 1000) * 1000).toISOString();
    const status = { claimed: "claimed", expired: "expired" }[type.split(".").pop()] ?? "unclaimed";
    Object.assign(o, {
      channel: "public",
      status,
      expires_at: at(30 * day),
      ...(status === "claimed" ? { claimed_at: at(0), owner_details: { account: "acct_1PgafTB7WZ01zgkW", app_install_status: "installed" } } : {}),
      onboarding_link_details: {
        expires_at: at(day),
        refresh_url: "https://example.com/sandbox/refresh",
        return_url: "https://example.com/sandbox/return",
        url: "https://connect.stripe.com/sandbox/claim/CBcdEf1GhIjKl2",
      },
      prefill: { country: "US", email: "jenny.rosen@example.com", name: "Rosen Outdoor Supply" },
    });
  },
};
// The `data` of thin events that carry one, consistent with their related object.
const THIN_DATA = {};

// Thin events (v2): the event `GET /v2/core/events/{id}` returns and the object its
// related_object.url returns, each valid against stripe-node's types. The push notification is
// the event's envelope fields (made at delivery); `evt_test_…` ids are made at delivery too.
const thin = loadThinShapes("stripe");
const thinFiles = new Map();
const thinCatalog = [];
const ISO_EPOCH = new Date(FIXTURE_EPOCH * 1000).toISOString();
for (const [type, info] of thin.events) {
  shapingType = type;
  const literal = info.related && objectLiteral(info.related);
  const related = info.related ? relatedObjectFor(type, literal, info.related) : null;
  // A v2 event's own state (a v1 event's object is its twin's, already in its state).
  const state = related && stateOf(STATES, type);
  if (state) makeState(state, related, { rules: STATES, now: FIXTURE_EPOCH, newId: (prefix) => prefix + stateRandom.chars(24, ALPHANUMERIC) });
  const event = {
    id: "evt_test_THIN",
    object: "v2.core.event",
    type,
    created: ISO_EPOCH,
    livemode: false,
    ...(AUTOMATIC.test(type.replace(/^v[12]\./, "")) ? {} : { reason: { type: "request", request: { id: id("req_", 14), idempotency_key: uuidV4(random) } } }),
    ...(related ? { related_object: { ...(info.singleton ? {} : { id: related.id }), type: literal, url: resourceUrl(literal, related) } } : {}),
    ...(info.event.props.has("data") ? { data: THIN_DATA[type]?.(related) ?? fill(info.event.props.get("data").type, "data", "data") } : {}),
  };
  const note = (path, what) => changes.push(`${type} ${path}: ${what}`);
  const shapedEvent = conform(event, info.event, fill, note);
  const shapedRelated = related && conform(related, info.related, fill, note);
  thinFiles.set(`${type}.json`, serializeStripe({ event: shapedEvent, related_object: shapedRelated }));
  thinCatalog.push({ name: type, description: info.doc.split("\n")[0] || `Thin event ${type}.`, flags: ["thin"] });
}

/** The related object of a thin event: the v1 twin's snapshot object, else one made from the type. */
function relatedObjectFor(type, literal, desc) {
  const sameType = snapshotObjects.get(type.replace(/^v1\./, ""));
  const twin = sameType?.object === literal ? sameType : [...snapshotObjects.values()].find((o) => o.object === literal);
  if (twin) return structuredClone(twin);
  const made = fill(desc, "related_object", "object");
  V2_TUNING[literal]?.(made, type);
  return made;
}

if (thinCatalog.length !== thin.events.size) throw new Error("thin catalogue incomplete");

emitGenerated("Stripe", [
  {
    dir: "fixtures/stripe",
    files: outputs.get(newest.version),
    catalog: "src/providers/stripe/events.generated.ts",
    source: catalogModule(
      "generate-stripe-fixtures.mjs",
      "STRIPE_EVENTS",
      catalog,
      "EventInfo & { readonly versions: readonly string[]; readonly shapedFor?: readonly string[] }",
      `Stripe's v1 event types at API ${newest.version}: \`versions\` has them, \`shapedFor\` older versions with their own fixture.`,
      `\n/** The API versions wh-sim shapes objects for, newest first; each one's stripe-node types decide its fixtures. */\nexport const STRIPE_API_VERSIONS = ${JSON.stringify(versions.map((v) => v.version))} as const;\n`,
    ),
  },
  ...versions.slice(1).map((v) => ({ dir: `fixtures/stripe/${v.version}`, files: outputs.get(v.version) })),
  {
    dir: "fixtures/stripe/thin",
    files: thinFiles,
    catalog: "src/providers/stripe/thin-events.generated.ts",
    source: catalogModule(
      "generate-stripe-fixtures.mjs",
      "STRIPE_THIN_EVENTS",
      thinCatalog,
      "EventInfo",
      "Stripe's thin (v2) event types, as stripe-node 23 declares them.",
    ),
  },
]);
