// Stripe's products, as its docs group them, by the event-name prefixes that belong to each.
const AREAS: [area: string, prefixes: string[]][] = [
  [
    "Billing",
    [
      "invoice.",
      "invoiceitem.",
      "invoice_payment.",
      "customer.subscription.",
      "subscription_schedule.",
      "plan.",
      "price.",
      "product.",
      "coupon.",
      "promotion_code.",
      "quote.",
      "credit_note.",
      "billing.",
      "billing_portal.",
      "entitlements.",
      "tax_rate.",
      "customer.discount.",
    ],
  ],
  ["Connect", ["account.", "application_fee.", "capability.", "person.", "transfer.", "topup.", "payout."]],
  ["Financial Connections", ["financial_connections."]],
  [
    "Payments",
    [
      "charge.",
      "payment_intent.",
      "payment_method.",
      "setup_intent.",
      "checkout.",
      "payment_link.",
      "refund.",
      "source.",
      "mandate.",
      "review.",
      "radar.",
      "cash_balance.",
      "customer_cash_balance_transaction.",
    ],
  ],
  ["Customers", ["customer."]],
  ["Issuing", ["issuing_"]],
  ["Treasury", ["treasury."]],
  ["Terminal", ["terminal."]],
  ["Identity", ["identity."]],
  ["Tax", ["tax."]],
  ["Reporting", ["reporting.", "sigma."]],
  ["Climate", ["climate."]],
  ["Balance", ["balance.", "balance_settings."]],
];

/** The product area of a Stripe event type, "Other" for the rest. */
export function stripeProductArea(event: string): string {
  // Thin events stand apart: a handler verifies them, then fetches the event and its object back.
  if (/^v[12]\./.test(event)) return "Thin events (v2): fetched back, served by wh-sim listen";
  return AREAS.find(([, prefixes]) => prefixes.some((p) => event.startsWith(p)))?.[0] ?? "Other";
}
