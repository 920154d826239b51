import { ALPHANUMERIC } from "../../../lib/crypto.js";
import type { JsonObject } from "../../../lib/json.js";
import type { ApiAnswer, ApiContext } from "../../types.js";

/** The product an endpoint needs among the Item's products (its `initial_products`). */
export const PRODUCT_ENDPOINTS: Record<string, string> = {
  "/auth/get": "auth",
  "/identity/get": "identity",
  "/transactions/sync": "transactions",
  "/transactions/get": "transactions",
  "/transactions/recurring/get": "transactions",
  "/transactions/refresh": "transactions",
  "/sandbox/transactions/create": "transactions",
  "/investments/holdings/get": "investments",
  "/investments/transactions/get": "investments",
  "/liabilities/get": "liabilities",
};

/** Plaid's HTTP status for each error type, as its errors reference lists them. */
const STATUS: Record<string, number> = { RATE_LIMIT_EXCEEDED: 429, API_ERROR: 500 };

/** An error as Plaid answers one: its PlaidError body, with the status for its type. */
export function apiError(type: string, code: string, message: string, ctx: ApiContext, display: string | null = null): ApiAnswer {
  const status = STATUS[type] ?? 400;
  return {
    status,
    error: code,
    body: {
      display_message: display,
      documentation_url: `https://plaid.com/docs/errors/${type === "ITEM_ERROR" ? "item" : type === "INVALID_INPUT" ? "invalid-input" : "invalid-request"}/#${code.toLowerCase()}`,
      error_code: code,
      error_message: message,
      error_type: type,
      request_id: ctx.random.chars(15, ALPHANUMERIC),
      suggested_action: null,
    },
  };
}

/** `MISSING_FIELDS` naming every required field the request lacks, as Plaid names them. */
export function requireFields(request: JsonObject, fields: readonly string[], ctx: ApiContext): ApiAnswer | undefined {
  const missing = fields.filter((f) => request[f] === undefined || request[f] === null || request[f] === "");
  return missing.length ? apiError("INVALID_REQUEST", "MISSING_FIELDS", `the following required fields are missing: ${missing.join(", ")}`, ctx) : undefined;
}
