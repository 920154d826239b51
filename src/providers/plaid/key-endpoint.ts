import { ALPHANUMERIC } from "../../lib/crypto.js";
import { isObject } from "../../lib/json.js";
import type { CompanionRoute, JsonObject, Random } from "../types.js";

/**
 * `POST /webhook_verification_key/get` as Plaid answers it (spec: WebhookVerificationKeyGetResponse):
 * `{key, request_id}`, or HTTP 400 INVALID_WEBHOOK_VERIFICATION_KEY_ID for an unknown kid (the
 * error plaid-node's own test expects, test/webhookVerification.spec.ts).
 */
export function keyEndpoint(keys: { readonly jwks?: readonly JsonObject[] }, random: Random): CompanionRoute {
  const requestId = () => random.chars(15, ALPHANUMERIC);
  const error = (error_type: string, error_code: string, error_message: string) => ({
    status: 400,
    body: JSON.stringify({
      display_message: null,
      documentation_url: "https://plaid.com/docs/errors/invalid-input/",
      error_code,
      error_message,
      error_type,
      request_id: requestId(),
      suggested_action: null,
    }),
  });
  return {
    method: "POST",
    path: "/webhook_verification_key/get",
    description: "Plaid key endpoint",
    handle({ headers, body }) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(body).toString("utf8"));
      } catch {
        return error("INVALID_REQUEST", "INVALID_BODY", "body could not be parsed as JSON");
      }
      if (!isObject(parsed)) return error("INVALID_REQUEST", "INVALID_BODY", "body must be a JSON object");
      const request: JsonObject = parsed;
      if (!(request.client_id ?? headers["plaid-client-id"]) || !(request.secret ?? headers["plaid-secret"])) {
        return error("INVALID_REQUEST", "MISSING_FIELDS", "the following required fields are missing: client_id, secret");
      }
      if (typeof request.key_id !== "string") return error("INVALID_REQUEST", "MISSING_FIELDS", "the following required fields are missing: key_id");
      const key = (keys.jwks ?? []).find((k) => k.kid === request.key_id);
      if (!key) return error("INVALID_INPUT", "INVALID_WEBHOOK_VERIFICATION_KEY_ID", "invalid key_id provided");
      return { status: 200, body: JSON.stringify({ key, request_id: requestId() }) };
    },
  };
}
