import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../../src/events/fixture-file.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { STRIPE_EVENTS } from "../../src/providers/stripe/events.generated.js";
import { StripeEventSchema } from "../../src/providers/stripe/schema.js";

const dir = `${FIXTURES_DIR}stripe/`;
// Id prefixes as Stripe's API reference shows them, for the objects events carry most.
const PREFIXES: Record<string, string> = {
  account: "acct",
  application: "ca",
  application_fee: "fee",
  bank_account: "ba",
  card: "card",
  charge: "ch",
  "checkout.session": "cs_test",
  credit_note: "cn",
  customer: "cus",
  dispute: "dp",
  fee_refund: "fr",
  file: "file",
  "financial_connections.account": "fca",
  invoice: "in",
  invoiceitem: "ii",
  "issuing.authorization": "iauth",
  "issuing.card": "ic",
  "issuing.cardholder": "ich",
  "issuing.transaction": "ipi",
  mandate: "mandate",
  payment_intent: "pi",
  payment_link: "plink",
  payment_method: "pm",
  payout: "po",
  person: "person",
  price: "price",
  product: "prod",
  promotion_code: "promo",
  quote: "qt",
  refund: "re",
  review: "prv",
  setup_intent: "seti",
  source: "src",
  subscription: "sub",
  subscription_schedule: "sub_sched",
  tax_rate: "txr",
  topup: "tu",
  transfer: "tr",
};
const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
const expectedFiles = STRIPE_EVENTS.flatMap((e) => [`${e.name}.json`, ...(e.variants ?? []).map((v) => `${e.name}@${v}.json`)]);

describe("Stripe fixtures", () => {
  it("match the registry both ways", () => {
    expect([...files].sort()).toEqual([...expectedFiles].sort());
  });

  it("cover all 275 event types of stripe-node 23 (the generator's drift check holds them to it)", () => {
    expect(new Set(STRIPE_EVENTS.map((e) => e.name)).size).toBe(275);
  });

  it.each(files)("%s is a valid, placeholder-free event in Stripe's wire format", (file) => {
    const text = readFileSync(dir + file, "utf8");
    const event = StripeEventSchema.parse(JSON.parse(text));
    expect(event.type).toBe(file.replace(/(@.*)?\.json$/, ""));
    expect(stripe.serialize(JSON.parse(text))).toBe(text);
    expect(text).not.toMatch(/"[a-z]+_123"|"undefined"|: 1234567890\b/);
    expect(text).not.toMatch(/"([a-z_]+)": "\1"/);
    expect(text).not.toContain('"livemode": true');
    if (event.type.endsWith(".updated")) expect(Object.keys(event.data.previous_attributes ?? {}).length).toBeGreaterThan(0);
    const prefix = PREFIXES[String(event.data.object.object)];
    if (prefix) expect(String(event.data.object.id)).toMatch(new RegExp(`^${prefix}_[A-Za-z0-9]{8,}$`));
  });

  it("say what the Financial Connections and Connect events say", () => {
    const read = (name: string) => JSON.parse(readFileSync(`${dir}${name}.json`, "utf8"));
    expect(read("financial_connections.account.deactivated").data).toEqual({ object: expect.objectContaining({ status: "inactive" }) });
    expect(read("financial_connections.account.disconnected").data.object.status).toBe("disconnected");
    const balance = read("financial_connections.account.refreshed_balance").data;
    expect(balance.object.balance_refresh.status).toBe("succeeded");
    expect(balance.object.balance.current.usd).toBeGreaterThan(0);
    expect(read("financial_connections.account.refreshed_transactions").data.object.transaction_refresh.id).toMatch(/^fctxnref_/);
    expect(read("payout.failed").data.object).toMatchObject({ status: "failed", failure_code: "account_closed" });
    expect(read("payment_intent.succeeded").data.object).toMatchObject({ status: "succeeded", amount_received: 2000 });
    expect(read("account.application.deauthorized")).toMatchObject({
      account: expect.stringMatching(/^acct_/),
      data: { object: { id: expect.stringMatching(/^ca_/) } },
    });
  });
});
