#!/usr/bin/env node
// Writes fixtures/truv/, fixtures/bridge/ and their events.generated.ts catalogues.
// Truv and Bridge publish no machine-readable catalogue; the payloads below are the example
// payloads of their API docs (docs/providers.md says which), made
// valid JSON (Bridge's own examples have double commas and comments) and completed with the
// common fields every event carries. Times are written at FIXTURE_EPOCH; sending moves them.
//
//   node scripts/generate-truv-bridge-fixtures.mjs [--check]      (needs `npm run build` first)
import { FIXTURE_EPOCH } from "../dist/lib/times.js";
import { catalogModule, emitGenerated } from "./lib/emit-generated.mjs";
import { settleStates } from "./lib/states.mjs";

// ---------------------------------------------------------------- Truv
// Truv's two timestamp styles: event_created_at `…T21:43:08.073930Z`, updated_at `…+00:00`.
const micro = (seconds, us) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, `.${String(us).padStart(6, "0")}`);
const CREATED_AT = `${micro(FIXTURE_EPOCH, 73_930)}Z`;
const UPDATED_AT = `${micro(FIXTURE_EPOCH, 75_540)}+00:00`;
const ids = {
  webhook_id: "17a80437ce23411dbfd656694d19a8c6",
  link_id: "d8a8945ee2b049b193110cfba643f5df",
  user_id: "adbe707dddee4334bffaeb5866272740",
  task_id: "871fef2e79ea444ea2019c8845305d31",
  order_id: "ddd192646b3c48be96651a0ff25cef85",
  employer_id: "d7166cffbfef4bd6a9e830cf5508e615",
  employment_id: "427abebd8590457e8332fdff77fc412f",
  object_id: "5c1a6e0b9f4d4c5f8e2a7b3d9c1e4f60",
};
const TASK_STATUSES = [
  "new",
  "login",
  "mfa",
  "parse",
  "full_parse",
  "done",
  "login_error",
  "mfa_error",
  "config_error",
  "account_locked",
  "unable_to_reset",
  "no_data",
  "unavailable",
  "error",
  "not_supported",
];
const ORDER_STATUSES = ["pending", "sent", "completed", "error", "canceled", "expired", "skipped", "no_data"];

// Docs key order: webhook_id, event_type, event_created_at, product, link_id, user_id,
// data_source, <event fields>, template_id, updated_at.
function truvEvent(event_type, fields, { product = "income", link = true } = {}) {
  return {
    webhook_id: ids.webhook_id,
    event_type,
    event_created_at: CREATED_AT,
    product,
    link_id: link ? ids.link_id : null,
    user_id: ids.user_id,
    data_source: link ? "payroll" : null,
    ...fields,
    template_id: null,
    updated_at: UPDATED_AT,
  };
}
const order = (status, extra = {}) => ({ order_id: ids.order_id, order_number: "4138538", employer_id: ids.employer_id, ...extra, status });
const task = (status) => ({ task_id: ids.task_id, tracking_info: null, status });
const object = () => ({ task_id: ids.task_id, tracking_info: null, object_id: ids.object_id });
const counted = (n) => ({ task_id: ids.task_id, tracking_info: null, employment_id: ids.employment_id, objects_count: n });

const TRUV = [
  ["order-created", "An order was created, before any transition.", truvEvent("order-created", order("pending", { employer_id: null }), { link: false })],
  [
    "order-status-updated",
    "A suborder (one employer or account) changed status.",
    truvEvent("order-status-updated", order("completed")),
    { statuses: ORDER_STATUSES },
  ],
  ["order-refresh-failed", "A refresh task failed for an order.", truvEvent("order-refresh-failed", order("error"))],
  [
    "order-finalized",
    "The order group reached its terminal state and was marked final.",
    (() => {
      // A final order event is about the order group: it names no product, link or data source.
      const event = truvEvent("order-finalized", { order_id: ids.order_id, order_number: "4138538" });
      for (const key of ["product", "link_id", "data_source"]) delete event[key];
      return event;
    })(),
    { flags: ["less certain: docs.truv.com only"] },
  ],
  [
    "certification-completed",
    "The applicant submitted income self-certification.",
    truvEvent("certification-completed", { order_id: ids.order_id, order_number: "4138538", employer_id: null }, { link: false }),
    { flags: ["less certain: docs.truv.com only"] },
  ],
  ["task-status-updated", "A task changed status.", truvEvent("task-status-updated", task("done")), { statuses: TASK_STATUSES }],
  ["employment-created", "Employment data was extracted for the first time.", truvEvent("employment-created", object(), { product: "employment" })],
  ["employment-updated", "Employment data changed on refresh.", truvEvent("employment-updated", object(), { product: "employment" })],
  ["profile-created", "Identity (profile) data was extracted for the first time.", truvEvent("profile-created", object())],
  ["profile-updated", "Profile data changed on refresh.", truvEvent("profile-updated", object())],
  ["statements-created", "Pay statements were retrieved.", truvEvent("statements-created", counted(9))],
  ["statements-updated", "The number of pay statements changed on refresh.", truvEvent("statements-updated", counted(10))],
  ["shifts-created", "Shifts were extracted.", truvEvent("shifts-created", counted(24))],
  ["shifts-updated", "The number of shifts changed on refresh.", truvEvent("shifts-updated", counted(26))],
  ["bank-accounts-created", "Bank accounts were discovered.", truvEvent("bank-accounts-created", counted(2))],
  ["bank-accounts-updated", "The number of bank accounts changed on refresh.", truvEvent("bank-accounts-updated", counted(3))],
  ["link-connected", "A link (payroll connection) was established.", truvEvent("link-connected", { tracking_info: null })],
  ["link-disconnected", "A link failed during a refresh task.", truvEvent("link-disconnected", { tracking_info: null })],
  ["link-deleted", "Personal data and credentials were removed from a link.", truvEvent("link-deleted", { tracking_info: null })],
];

// ---------------------------------------------------------------- Bridge
const USER = "766b2f5d-a942-492c-9ea7-2e5aa88cb672";
const MS = FIXTURE_EPOCH * 1000 + 323;
const bridge = (type, content, timestamp = MS) => ({ content, timestamp, type });
const LATEST = "2025-01-15";
const V2021 = "2021.06.01";
const refreshed = { account_types: "payment", full_refresh: false, refresh_trigger: "scheduler", item_id: 4568565, status_code: 0, status_code_info: "ok" };

// [type, description, latest payload | null (not in latest), 2021 payload | "same" | null (not in 2021)]
const BRIDGE = [
  [
    "TEST_EVENT",
    'Sent by the dashboard\'s "Send a test" button (timestamp in seconds).',
    bridge("TEST_EVENT", { item_id: 1234567890, status: 0, user_uuid: "9a95b38f-f98b-417a-988b-9d0d584893e7" }, FIXTURE_EPOCH),
    "same",
  ],
  ["user.deleted", "A user was deleted (e.g. GDPR automation).", bridge("user.deleted", { user_uuid: USER }), null],
  ["item.created", "An item (bank connection) was created.", bridge("item.created", { item_id: 4568565, user_uuid: USER }), "same"],
  [
    "item.refreshed",
    "An item finished refreshing.",
    bridge("item.refreshed", {
      ...refreshed,
      authentication_expires_at: new Date((FIXTURE_EPOCH + 90 * 86_400) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      user_uuid: USER,
    }),
    bridge("item.refreshed", { ...refreshed, user_uuid: USER }),
  ],
  ["item.deleted", "An item was deleted.", bridge("item.deleted", { item_id: 4568565, user_uuid: USER }), null],
  [
    "item.account.created",
    "An account was discovered on an item.",
    bridge("item.account.created", { account_id: 22908770, balance: 1678.12, item_id: 4568477, user_uuid: USER }),
    "same",
  ],
  [
    "item.account.updated",
    "An account's balance or transactions changed.",
    bridge("item.account.updated", {
      account_id: 22908770,
      balance: 1678.12,
      item_id: 4568477,
      nb_deleted_transactions: 0,
      nb_new_transactions: 15,
      nb_updated_transactions: 0,
      user_uuid: USER,
    }),
    "same",
  ],
  [
    "item.account.deleted",
    "The bank stopped updating an account (a later update can revive it).",
    bridge("item.account.deleted", { account_id: 22908770, item_id: 4568477, user_uuid: USER }),
    "same",
  ],
  [
    "payment.transaction.created",
    "A payment transaction was created.",
    bridge("payment.transaction.created", {
      payment_transaction_id: "15e04e47-7391-4b58-bc98-a334a4e7ad13",
      payment_request_id: "b9c4e2d0-2010-4b58-bc98-a924a4e7ad12",
      payment_link_id: "3f7a1c20-2010-4b58-bc98-a924a4e7ad12",
      client_reference: "INV124",
      end_to_end_id: "REF1234",
    }),
    null,
  ],
  [
    "payment.transaction.updated",
    "A payment transaction changed status.",
    bridge("payment.transaction.updated", {
      payment_transaction_id: "15e04e47-7391-4b58-bc98-a334a4e7ad13",
      payment_request_id: "b9c4e2d0-2010-4b58-bc98-a924a4e7ad12",
      payment_link_id: "3f7a1c20-2010-4b58-bc98-a924a4e7ad12",
      client_reference: "INV124",
      end_to_end_id: "REF1234",
      status: "ACSC",
      status_reason: "MS03",
    }),
    null,
  ],
  [
    "payment.link.updated",
    "A payment link changed status.",
    bridge("payment.link.updated", {
      payment_link_id: "3f7a1c20-2010-4b58-bc98-a924a4e7ad12",
      payment_link_status: "completed",
      payment_link_client_reference: "INV124",
      payment_status: "initiated_in_success",
    }),
    null,
  ],
];
// Item status codes (Bridge's item resource) for item.refreshed variants.
const ITEM_STATUS = { 402: "login_failed", 429: "needs_human_action", 430: "needs_password_rotation", 1003: "could_not_refresh", 1010: "needs_manual_refresh" };

// ---------------------------------------------------------------- output
const outputs = [];
{
  const files = new Map();
  const events = [];
  for (const [name, description, payload, extra = {}] of TRUV) {
    files.set(`${name}.json`, JSON.stringify(payload));
    const variants = (extra.statuses ?? []).filter((s) => s !== payload.status);
    for (const status of variants) files.set(`${name}@${status}.json`, JSON.stringify({ ...payload, status }));
    events.push({ name, description, ...(extra.flags ? { flags: extra.flags } : {}), ...(variants.length ? { variants } : {}) });
  }
  settleStates("truv", files, JSON.stringify);
  outputs.push({ dir: "fixtures/truv", files, catalog: "src/providers/truv/events.generated.ts", constant: "TRUV_EVENTS", events });
}
{
  const files = new Map();
  const events = [];
  for (const [name, description, latest, v2021] of BRIDGE) {
    files.set(`${name}.json`, JSON.stringify(latest));
    const variants = [];
    if (v2021 && v2021 !== "same") {
      files.set(`${name}@${V2021}.json`, JSON.stringify(v2021));
      variants.push(V2021);
    }
    if (name === "item.refreshed") {
      for (const [code, info] of Object.entries(ITEM_STATUS)) {
        files.set(`${name}@${info}.json`, JSON.stringify({ ...latest, content: { ...latest.content, status_code: Number(code), status_code_info: info } }));
        variants.push(info);
      }
    }
    const versions = v2021 ? [V2021, LATEST] : [LATEST];
    events.push({ name, description, ...(v2021 ? {} : { flags: [`since ${LATEST}`] }), ...(variants.length ? { variants } : {}), versions });
  }
  settleStates("bridge", files, JSON.stringify);
  outputs.push({
    dir: "fixtures/bridge",
    files,
    catalog: "src/providers/bridge/events.generated.ts",
    constant: "BRIDGE_EVENTS",
    events,
    type: "EventInfo & { readonly versions: readonly string[] }",
  });
}

emitGenerated(
  "Truv and Bridge",
  outputs.map(({ dir, files, catalog, constant, events, type }) => ({
    dir,
    files,
    catalog,
    source: catalogModule("generate-truv-bridge-fixtures.mjs", constant, events, type),
  })),
);
