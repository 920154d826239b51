import { closest } from "../lib/closest.js";
import { UsageError } from "../lib/errors.js";
import type { Scenario } from "./types.js";

// Realistic sequences: the same object in every step, each step a minute after the one before.
export const BUILTIN_SCENARIOS: readonly Scenario[] = [
  {
    provider: "stripe",
    name: "fc-account-lifecycle",
    description: "A Financial Connections account is created, refreshed (balance, transactions), deactivated and reactivated.",
    // Each step the account as the step before left it, but for what the step changes.
    steps: [
      { name: "created", event: "financial_connections.account.created" },
      { name: "balance", event: "financial_connections.account.refreshed_balance", carry: { from: "created", except: ["balance", "balance_refresh"] } },
      {
        name: "transactions",
        event: "financial_connections.account.refreshed_transactions",
        carry: { from: "balance", except: ["transaction_refresh", "subscriptions"] },
      },
      { name: "deactivated", event: "financial_connections.account.deactivated", carry: { from: "transactions", except: ["status"] } },
      { event: "financial_connections.account.reactivated", carry: { from: "deactivated", except: ["status"] } },
    ],
  },
  {
    provider: "stripe",
    name: "connect-onboarding",
    description: "A connected account meets its requirements, a capability becomes active, and its first payout is created and paid.",
    steps: [
      { name: "account", event: "account.updated", set: { "data.object.charges_enabled": true, "data.object.payouts_enabled": true } },
      {
        event: "capability.updated",
        set: { "data.object.account": "${account:data.object.id}", "data.object.status": "active" },
        add: { account: "${account:data.object.id}" },
      },
      { name: "payout", event: "payout.created", add: { account: "${account:data.object.id}" } },
      { event: "payout.paid", carry: { from: "payout", except: ["status"] }, add: { account: "${account:data.object.id}" } },
    ],
  },
  {
    provider: "stripe",
    name: "thin-connect-onboarding",
    description:
      "Accounts v2 as thin events: an account is created, its identity and requirements update, a merchant capability changes status, and the account is updated — one account throughout, fetched back from wh-sim listen.",
    steps: [
      { name: "created", event: "v2.core.account.created" },
      ...[
        "v2.core.account[identity].updated",
        "v2.core.account[requirements].updated",
        "v2.core.account[configuration.merchant].capability_status_updated",
        "v2.core.account.updated",
      ].map((event) => ({ event, set: { "related_object.id": "${created:related_object.id}" } })),
    ],
  },
  {
    provider: "stripe",
    name: "failed-payment-recovery",
    description: "An invoice payment fails, then succeeds on the next attempt: the same customer, invoice and payment intent.",
    // Each object as the step before left it; what each event's name says of it (open and attempted,
    // then paid; requires_payment_method, then succeeded) comes from fixtures/states/stripe.json.
    steps: [
      { name: "invoice", event: "invoice.payment_failed" },
      {
        name: "intent",
        event: "payment_intent.payment_failed",
        set: { "data.object.customer": "${invoice:data.object.customer}", "data.object.amount": "${invoice:data.object.amount_due}" },
      },
      { event: "payment_intent.succeeded", carry: { from: "intent" } },
      { event: "invoice.paid", carry: { from: "invoice" } },
    ],
  },
  {
    provider: "plaid",
    name: "item-onboarding",
    description: "A new Item's transactions arrive: the initial update, the historical update, then sync updates available.",
    steps: [
      { name: "initial", event: "TRANSACTIONS.INITIAL_UPDATE" },
      { event: "TRANSACTIONS.HISTORICAL_UPDATE", set: { item_id: "${initial:item_id}" } },
      { event: "TRANSACTIONS.SYNC_UPDATES_AVAILABLE", set: { item_id: "${initial:item_id}" } },
    ],
  },
  {
    provider: "plaid",
    name: "item-error-repair",
    description: "An Item needs the user to log in again (ITEM.ERROR ITEM_LOGIN_REQUIRED), then the login is repaired.",
    steps: [
      { name: "error", event: "ITEM.ERROR" },
      { event: "ITEM.LOGIN_REPAIRED", set: { item_id: "${error:item_id}", user_id: "${error:user_id}" } },
    ],
  },
  {
    provider: "truv",
    name: "order-completed",
    description: "An order is created, its task runs to done, the link connects, statements arrive, and the order completes.",
    steps: [
      { name: "order", event: "order-created" },
      { name: "task", event: "task-status-updated@new", set: { user_id: "${order:user_id}", link_id: "${order:link_id}" } },
      ...["login", "parse", ""].map((status) => ({
        event: status ? `task-status-updated@${status}` : "task-status-updated",
        set: { user_id: "${order:user_id}", link_id: "${order:link_id}", task_id: "${task:task_id}" },
      })),
      { event: "link-connected", set: { user_id: "${order:user_id}", link_id: "${order:link_id}" } },
      { event: "statements-created", set: { user_id: "${order:user_id}", link_id: "${order:link_id}" } },
      { event: "order-status-updated", set: { order_id: "${order:order_id}", user_id: "${order:user_id}", link_id: "${order:link_id}", status: "completed" } },
    ],
  },
  {
    provider: "truv",
    name: "link-lifecycle",
    description: "A user connects a payroll link, employment data arrives, then the link is disconnected and deleted.",
    steps: [
      { name: "link", event: "link-connected" },
      ...["employment-created", "link-disconnected", "link-deleted"].map((event) => ({
        event,
        set: { user_id: "${link:user_id}", link_id: "${link:link_id}" },
      })),
    ],
  },
  {
    provider: "bridge",
    name: "payment-link-paid",
    description: "A payment transaction is created from a payment link, settles (ACSC), and the link completes.",
    steps: [
      { name: "transaction", event: "payment.transaction.created" },
      {
        event: "payment.transaction.updated",
        set: {
          "content.payment_transaction_id": "${transaction:content.payment_transaction_id}",
          "content.payment_link_id": "${transaction:content.payment_link_id}",
        },
      },
      { event: "payment.link.updated", set: { "content.payment_link_id": "${transaction:content.payment_link_id}" } },
    ],
  },
  {
    provider: "bridge",
    name: "item-login-failed",
    description: "An item's refresh fails because its login changed, then a later refresh succeeds.",
    steps: [
      { name: "item", event: "item.created" },
      { event: "item.refreshed@login_failed", set: { "content.item_id": "${item:content.item_id}", "content.user_uuid": "${item:content.user_uuid}" } },
      { event: "item.refreshed", set: { "content.item_id": "${item:content.item_id}", "content.user_uuid": "${item:content.user_uuid}" } },
    ],
  },
  {
    provider: "bridge",
    name: "item-sync",
    description: "An item is created, its account appears, the item refreshes, and the account is updated.",
    steps: [
      { name: "item", event: "item.created" },
      {
        name: "account",
        event: "item.account.created",
        set: { "content.item_id": "${item:content.item_id}", "content.user_uuid": "${item:content.user_uuid}" },
      },
      { event: "item.refreshed", set: { "content.item_id": "${item:content.item_id}", "content.user_uuid": "${item:content.user_uuid}" } },
      {
        event: "item.account.updated",
        set: {
          "content.item_id": "${item:content.item_id}",
          "content.user_uuid": "${item:content.user_uuid}",
          "content.account_id": "${account:content.account_id}",
        },
      },
    ],
  },
];

/** A built-in scenario of the provider by name, or a usage error with the nearest names. */
export function findScenario(provider: string, name: string): Scenario {
  const mine = BUILTIN_SCENARIOS.filter((s) => s.provider === provider);
  const found = mine.find((s) => s.name === name);
  if (found) return found;
  const near = closest(
    name,
    mine.map((s) => s.name),
  );
  throw new UsageError(
    `unknown ${provider} scenario "${name}"`,
    `${near.length ? `did you mean ${near.join(", ")}? ` : ""}wh-sim list --scenarios shows them all`,
  );
}
