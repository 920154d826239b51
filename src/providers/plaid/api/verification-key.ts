import type { JsonObject } from "../../../lib/json.js";
import type { ApiAnswer, ApiContext } from "../../types.js";
import { requestId } from "./endpoints.js";
import { apiError } from "./errors.js";

/** Where Plaid's clients fetch the public key a webhook's JWT names (plaid-node's `webhookVerificationKeyGet`). */
export const VERIFICATION_KEY_PATH = "/webhook_verification_key/get";

/**
 * `POST /webhook_verification_key/get` as Plaid answers it (spec: WebhookVerificationKeyGetResponse):
 * `{key, request_id}` with the key the listener verifies with, or HTTP 400
 * INVALID_WEBHOOK_VERIFICATION_KEY_ID for an unknown kid (the error plaid-node's own test expects,
 * test/webhookVerification.spec.ts).
 */
export function verificationKey(request: JsonObject, ctx: ApiContext): ApiAnswer {
  if (typeof request.key_id !== "string") return apiError("INVALID_REQUEST", "MISSING_FIELDS", "the following required fields are missing: key_id", ctx);
  const key = ctx.keys.find((k) => k.kid === request.key_id);
  if (!key) return apiError("INVALID_INPUT", "INVALID_WEBHOOK_VERIFICATION_KEY_ID", "invalid key_id provided", ctx);
  return { status: 200, body: { key, request_id: requestId(ctx) }, subject: `key ${key.kid as string}` };
}
