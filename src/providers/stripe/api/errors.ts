import { ALPHANUMERIC } from "../../../lib/crypto.js";
import { maskedKey } from "../api-key.js";
import type { ApiAnswer, ApiContext } from "../../types.js";

/** An error as Stripe answers one: `{error: {type, code, message, param, doc_url, request_log_url}}` and a Request-Id. */
export function stripeError(status: number, type: string, code: string | undefined, message: string, ctx: ApiContext, param?: string): ApiAnswer {
  const requestId = `req_${ctx.random.chars(14, ALPHANUMERIC)}`;
  return {
    status,
    ...(code ? { error: code } : { error: type }),
    headers: { "request-id": requestId },
    body: {
      error: {
        ...(code ? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replaceAll("_", "-")}` } : {}),
        message,
        ...(param ? { param } : {}),
        request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}?t=${Math.floor(ctx.now.getTime() / 1000)}`,
        type,
      },
    },
  };
}

export const missing = (what: string, id: string, ctx: ApiContext, param = "id") =>
  stripeError(404, "invalid_request_error", "resource_missing", `No such ${what}: '${id}'`, ctx, param);

export function unauthorized(auth: string, ctx: ApiContext): ApiAnswer {
  const message = auth
    ? `Invalid API Key provided: ${maskedKey(auth)} (wh-sim answers test-mode secret keys, sk_test_… or rk_test_…)`
    : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";
  // Stripe's 401 says only this: no request was logged for a caller it does not know.
  return {
    status: 401,
    error: "invalid_request_error",
    headers: { "request-id": `req_${ctx.random.chars(14, ALPHANUMERIC)}` },
    body: { error: { message, type: "invalid_request_error" } },
  };
}
