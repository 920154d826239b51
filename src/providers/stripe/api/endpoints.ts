import { ALPHANUMERIC } from "../../../lib/crypto.js";
import { type JsonObject } from "../../../lib/json.js";
import type { ApiAnswer, ApiCall, ApiContext, ApiEvent } from "../../types.js";
import { STRIPE_API_VERSIONS } from "../events.generated.js";
import { stripeError, missing } from "./errors.js";
import { endpoints, type WebhookEndpoint } from "./store.js";
import { ok, type Params } from "./answers.js";

// Webhook endpoints: where the events API calls cause are sent, each with its own secret and API version.

/** Stripe's limit: "You can configure up to 16 webhook endpoints on each Stripe account." */
const MAX_ENDPOINTS = 16;

/** An endpoint as listing and retrieving answer it: Stripe gives its secret in the create answer only. */
export function withoutSecret(endpoint: WebhookEndpoint): JsonObject {
  const { secret: _secret, ...rest } = endpoint;
  return rest;
}

export function createEndpoint(_ids: string[], params: Params, _call: ApiCall, ctx: ApiContext): ApiAnswer {
  if (endpoints.live(ctx.world).length >= MAX_ENDPOINTS) {
    return stripeError(
      400,
      "invalid_request_error",
      "webhook_endpoint_limit_reached",
      `You have reached the maximum of ${MAX_ENDPOINTS} test webhook endpoints. Delete one (DELETE /v1/webhook_endpoints/{id}) to add another.`,
      ctx,
    );
  }
  if (typeof params.url !== "string" || !/^https?:\/\/[^/]/.test(params.url)) {
    return stripeError(400, "invalid_request_error", "url_invalid", "Invalid URL: a webhook endpoint needs an http(s) URL.", ctx, "url");
  }
  const events = Array.isArray(params.enabled_events) ? params.enabled_events.map(String) : [];
  if (events.length === 0)
    return stripeError(400, "invalid_request_error", "parameter_missing", "Missing required param: enabled_events.", ctx, "enabled_events");
  const version = typeof params.api_version === "string" ? params.api_version : null;
  if (version !== null && !(STRIPE_API_VERSIONS as readonly string[]).includes(version)) {
    return stripeError(
      400,
      "invalid_request_error",
      "parameter_invalid_string",
      `Invalid api_version: wh-sim shapes events for ${STRIPE_API_VERSIONS.join(", ")}.`,
      ctx,
      "api_version",
    );
  }
  const endpoint: WebhookEndpoint = {
    id: `we_${ctx.random.chars(24, ALPHANUMERIC)}`,
    object: "webhook_endpoint",
    api_version: version,
    application: null,
    created: Math.floor(ctx.now.getTime() / 1000),
    description: typeof params.description === "string" ? params.description : null,
    enabled_events: events,
    livemode: false,
    metadata: {},
    secret: `whsec_${ctx.random.chars(32, ALPHANUMERIC)}`,
    status: "enabled",
    url: params.url,
  };
  endpoints.save(ctx.world, endpoint);
  return ok(endpoint, ctx);
}

export function deleteEndpoint(ids: string[], _p: Params, _c: ApiCall, ctx: ApiContext): ApiAnswer {
  const endpoint = endpoints.byId(ctx.world, ids[0]!);
  if (!endpoint) return missing("webhook endpoint", ids[0]!, ctx);
  endpoints.remove(ctx.world, endpoint);
  return ok({ id: endpoint.id, object: "webhook_endpoint", deleted: true }, ctx);
}

/** Each event to every registered endpoint that takes its type, signed with that endpoint's secret, at its API version. */
export function endpointsFor(events: readonly [string, JsonObject][], account: string | null, ctx: ApiContext): ApiEvent[] {
  return events.flatMap(([type, object]) => {
    // One event, the same id to every endpoint, as Stripe delivers it (and to the listener's forward target).
    const same = `${type}:${ctx.random.chars(16, "abcdefghijklmnopqrstuvwxyz0123456789")}`;
    const context = account ? { account } : {};
    return [
      ...endpoints.subscribed(ctx.world, type).map((e) => ({
        url: e.url,
        event: type,
        data: { data: { object } },
        secrets: [e.secret],
        options: { ...(e.api_version ? { apiVersion: e.api_version } : {}), ...context },
        same,
        target: `endpoint ${e.id}`,
      })),
      {
        url: "",
        event: type,
        data: { data: { object } },
        options: context,
        same,
        register: "register an endpoint (POST /v1/webhook_endpoints, stripe.webhookEndpoints.create)",
      },
    ];
  });
}
