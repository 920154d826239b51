import { sha256Hex } from "../../../lib/crypto.js";
import { collection, endpointRegistry, text } from "../../api-kit/index.js";
import type { ApiAnswer, ApiContext, ApiEvent, JsonObject, WebhookDelivery, WorldView } from "../../types.js";
import { invalidParams } from "./errors.js";
import { truvId, truvTime } from "./state.js";

/** The events a Truv webhook configuration may subscribe to (Truv's `POST /v1/webhooks/` enum). */
export const SUBSCRIBABLE = [
  "task-status-updated",
  "order-status-updated",
  "order-created",
  "link-connected",
  "link-disconnected",
  "order-refresh-failed",
  "link-deleted",
  "employment-created",
  "employment-updated",
  "profile-created",
  "profile-updated",
  "statements-created",
  "statements-updated",
  "shifts-created",
  "shifts-updated",
  "bank-accounts-created",
  "bank-accounts-updated",
] as const;
const ENV_TYPES = ["sandbox", "dev", "prod"];

export interface TruvWebhook {
  readonly id: string;
  readonly name: string;
  readonly webhook_url: string;
  readonly events: string[];
  readonly env_type: string;
  readonly created_at: string;
  readonly updated_at: string;
  /** Deleted configurations are kept (they are not answered, and nothing is sent to them). */
  readonly deleted?: boolean;
}

/** The deliveries wh-sim made (Truv's delivery history). */
const deliveries = collection<JsonObject>("truv-delivery");

/** `POST /v1/webhooks/`: a configuration to which the webhooks the API causes are sent. */
export function createWebhook(request: Record<string, unknown>, ctx: ApiContext): ApiAnswer {
  const invalid: { field: string; message: string }[] = [];
  const name = text(request.name);
  const url = text(request.webhook_url);
  const env = text(request.env_type);
  const events = request.events ?? [];
  if (!name) invalid.push({ field: "name", message: "This field is required." });
  else if (name.length > 128) invalid.push({ field: "name", message: "Ensure this field has no more than 128 characters." });
  if (!url) invalid.push({ field: "webhook_url", message: "This field is required." });
  else if (!/^https?:\/\/[^/\s]+/.test(url)) invalid.push({ field: "webhook_url", message: "Enter a valid URL." });
  if (!env) invalid.push({ field: "env_type", message: "This field is required." });
  else if (!ENV_TYPES.includes(env)) invalid.push({ field: "env_type", message: `"${env}" is not a valid choice.` });
  if (!Array.isArray(events)) invalid.push({ field: "events", message: 'Expected a list of items but got type "str".' });
  else
    for (const e of events)
      if (!(SUBSCRIBABLE as readonly unknown[]).includes(e)) invalid.push({ field: "events", message: `"${String(e)}" is not a valid choice.` });
  if (invalid.length) return invalidParams(invalid);
  const at = truvTime(ctx.now);
  const webhook: TruvWebhook = {
    id: truvId(ctx.random),
    name: name!,
    webhook_url: url!,
    events: events as string[],
    env_type: env!,
    created_at: at,
    updated_at: at,
  };
  webhooks.save(ctx.world, webhook);
  return { status: 201, body: { ...webhook }, subject: `webhook ${webhook.id}` };
}

/** The configurations registered: an event goes to each subscribed to it. */
export const webhooks = endpointRegistry<TruvWebhook>("truv-webhook", (w, event) => w.events.includes(event));

/** A configuration that exists (not deleted). */
export function webhookById(world: WorldView, id: string): TruvWebhook | undefined {
  return /^[0-9a-f]{32}$/.test(id) ? webhooks.byId(world, id) : undefined;
}

/** The webhooks an event is sent to: every configuration subscribed to it, and the listener's --forward-to target. One event, one id, to each. */
export function addressed(world: WorldView, event: string, data: JsonObject, key: string): ApiEvent[] {
  const subscribed = webhooks.subscribed(world, event);
  return [...new Set(["", ...subscribed.map((w) => w.webhook_url)])].map((url) => ({ url, event, data, same: key }));
}

/** A delivery wh-sim made, kept for `GET /v1/webhook-requests/` (Truv's delivery history). */
export function keepDelivery(payload: JsonObject, delivery: WebhookDelivery, world: WorldView, now: Date): void {
  const webhookId = text(payload.webhook_id);
  if (!webhookId) return;
  const id = `${webhookId}-${sha256Hex(`${delivery.url} ${now.toISOString()}`).slice(0, 8)}`;
  deliveries.put(world, id, {
    webhook_id: webhookId,
    event_type: text(payload.event_type) ?? null,
    event_created_at: text(payload.event_created_at) ?? truvTime(now),
    status_code: delivery.status,
    error_message: delivery.error ?? null,
    webhook_payload: payload,
    webhook_url: delivery.url,
  });
}

/** `GET /v1/webhook-requests/`: the deliveries, newest first, filtered as Truv filters them. */
export function listDeliveries(query: URLSearchParams, world: WorldView): ApiAnswer {
  const eventType = query.get("event_type");
  const status = query.get("status_code");
  const results = deliveries.newest(world).filter((d) => (!eventType || d.event_type === eventType) && (!status || String(d.status_code) === status));
  return { status: 200, body: { next: null, previous: null, results } };
}
