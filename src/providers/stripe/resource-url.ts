import type { JsonObject } from "../types.js";

/**
 * Where Stripe's API serves an object (the path stripe-node's resources call), by its `object`:
 * the plural of its type under /v1 or /v2, or a nested path for the objects that live under another.
 */
export function resourceUrl(objectType: string, o: JsonObject): string {
  const id = String(o.id);
  const special: Record<string, () => string> = {
    balance: () => "/v1/balance",
    balance_settings: () => "/v1/balance_settings",
    "tax.settings": () => "/v1/tax/settings",
    discount: () => `/v1/customers/${String(o.customer)}/discount`,
    cash_balance: () => `/v1/customers/${String(o.customer)}/cash_balance`,
    customer_cash_balance_transaction: () => `/v1/customers/${String(o.customer)}/cash_balance_transactions/${id}`,
    capability: () => `/v1/accounts/${String(o.account)}/capabilities/${id}`,
    person: () => `/v1/accounts/${String(o.account)}/persons/${id}`,
    fee_refund: () => `/v1/application_fees/${String(o.fee)}/refunds/${id}`,
    scheduled_query_run: () => `/v1/sigma/scheduled_query_runs/${id}`,
    "v2.core.account_person": () => `/v2/core/accounts/${String(o.account)}/persons/${id}`,
    "v2.commerce.product_catalog_import": () => `/v2/commerce/product_catalog/imports/${id}`,
  };
  const nested = special[objectType];
  if (nested) return nested();
  const path = objectType.startsWith("v2.") ? objectType : `v1.${objectType}`;
  const plural = path.replace(/(ss|s|x)$/, "$1es").replace(/[^s]$/, "$&s");
  return `/${plural.replaceAll(".", "/")}/${id}`;
}
