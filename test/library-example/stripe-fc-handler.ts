// test/library-example/stripe-fc-handler.ts: a Stripe Financial Connections webhook handler. It
// verifies each event with stripe-node, then calls Stripe back: the account as it is now (not as
// the event says), and its transactions.
import type Stripe from "stripe";

export interface Ledger {
  balances: Map<string, number>;
  transactions: Map<string, Stripe.FinancialConnections.Transaction>;
}

/** Stripe's webhook, answered: 400 unless it verifies; balances and transactions kept up to date. */
export async function handleStripeWebhook(stripe: Stripe, secret: string, ledger: Ledger, body: Buffer, signature: string | undefined): Promise<number> {
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, signature ?? "", secret);
  } catch {
    return 400;
  }
  if (event.type === "financial_connections.account.refreshed_balance") {
    const account = await stripe.financialConnections.accounts.retrieve(event.data.object.id);
    if (account.balance?.current.usd !== undefined) ledger.balances.set(account.id, account.balance.current.usd);
  }
  if (event.type === "financial_connections.account.refreshed_transactions") {
    for await (const t of stripe.financialConnections.transactions.list({ account: event.data.object.id, limit: 100 })) ledger.transactions.set(t.id, t);
  }
  return 200;
}
