import { isObject, MAX_REQUEST_DEPTH, nestsDeeperThan, type JsonObject } from "../../../lib/json.js";
import type { ApiCall, ProviderApi } from "../../types.js";
import { applyOnce } from "../../api-kit/index.js";
import { ENDPOINTS, plaidEndpoint } from "./endpoints.js";
import { apiError, requireFields } from "./errors.js";
import { applyWebhook } from "./effects.js";
import { itemById, saveItem } from "./item.js";
import { VERIFICATION_KEY_PATH, verificationKey } from "./verification-key.js";

/**
 * Plaid's API as its Sandbox answers it, offline: the Item's setup, the calls a webhook handler
 * makes back, and the Sandbox calls that cause webhooks. Requests carry the client id and secret
 * (in the body, or PLAID-CLIENT-ID/PLAID-SECRET headers as Plaid's client sends them).
 */
export const plaidApi: ProviderApi = {
  templates: ENDPOINTS.map((path) => path.slice(1).replaceAll("/", ".")),
  // Plaid's calls are told by their credentials, not their paths (/item/get, /transactions/sync…).
  prefixes: ["/"],
  claims(call: ApiCall) {
    if (call.method !== "POST") return false;
    if (call.headers["plaid-client-id"] !== undefined || call.path === VERIFICATION_KEY_PATH) return true;
    const head = Buffer.from(call.body.subarray(0, 4096)).toString("utf8");
    return /"client_id"\s*:/.test(head) && /"secret"\s*:/.test(head);
  },
  answer(call, ctx) {
    // JSON only, as Plaid's API: a text/plain body is what a page posts across sites without asking first.
    // The key endpoint changes nothing and serves public keys: any type is read, as it always was.
    if (call.path !== VERIFICATION_KEY_PATH && !/^application\/json\b/i.test(call.headers["content-type"] ?? ""))
      return apiError("INVALID_REQUEST", "INVALID_HEADERS", "the request's Content-Type must be application/json", ctx);
    let request: unknown;
    const text = Buffer.from(call.body).toString("utf8");
    if (nestsDeeperThan(text, MAX_REQUEST_DEPTH)) return apiError("INVALID_REQUEST", "INVALID_BODY", `body nests deeper than ${MAX_REQUEST_DEPTH} levels`, ctx);
    try {
      request = JSON.parse(text);
    } catch {
      return apiError("INVALID_REQUEST", "INVALID_BODY", "body could not be parsed as JSON", ctx);
    }
    if (!isObject(request)) return apiError("INVALID_REQUEST", "INVALID_BODY", "body must be a JSON object", ctx);
    const credentials = { client_id: request.client_id ?? call.headers["plaid-client-id"], secret: request.secret ?? call.headers["plaid-secret"] };
    const missing = requireFields(credentials as JsonObject, ["client_id", "secret"], ctx);
    if (missing) return missing;
    if (call.path === VERIFICATION_KEY_PATH) return verificationKey(request, ctx);
    return (
      plaidEndpoint(call.path, request, ctx) ??
      apiError("INVALID_REQUEST", "NOT_FOUND", `wh-sim does not answer ${call.path}; it answers ${[...ENDPOINTS, VERIFICATION_KEY_PATH].join(", ")}`, ctx)
    );
  },
  observe(payload, body, ctx, caused = false) {
    const item = typeof payload.item_id === "string" ? itemById(ctx.world, payload.item_id) : undefined;
    if (!item) return;
    // A redelivery, or what an API call fired (it has already done it), changes nothing more.
    applyOnce(
      ctx.world,
      "plaid-seen",
      body,
      () => {
        applyWebhook(payload, item, ctx);
        saveItem(ctx.world, item);
      },
      caused,
    );
  },
};
