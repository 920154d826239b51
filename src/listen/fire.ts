import { SEND_DEFAULTS } from "../defaults.js";
import type { ApiEvent, JsonObject } from "../providers/types.js";
import type { DeliveryReport } from "../send/report.js";
import { send } from "../send/run.js";
import type { FireEvents } from "./api.js";

/**
 * How the listener sends the webhooks an API call causes: through the one send plan, signed as the
 * provider signs (with the secrets the listener verifies with), to the URL the API registered (and,
 * for events addressed to it, the listener's --forward-to target).
 * Each delivery's report is handed on to be shown; nothing here waits for the app.
 */
export function fireEvents(
  secretsFor: (provider: string) => readonly string[] | undefined,
  onDelivery: (report: DeliveryReport) => void,
  forwardTo?: string,
): FireEvents {
  return (provider, answer, { onSent, onAnswered }) => {
    const events = answer.events ?? [];
    for (const event of events) {
      // "": the listener's --forward-to target, when it has one.
      const url = event.url || forwardTo;
      // One event to several targets is labelled with each, so that two lines never differ only in ✔/✖.
      const many = event.same !== undefined && events.filter((e) => e.same === event.same && (e.url || forwardTo)).length > 1;
      const target = event.url ? event.target : "--forward-to";
      if (!url) {
        // Sent nowhere: said, rather than a call that completes and a webhook that silently goes missing.
        if (!events.some((e) => e.url && e.same !== undefined && e.same === event.same)) onDelivery(nowhere(provider.id, event));
        continue;
      }
      let sent: JsonObject | undefined;
      send(
        {
          provider: provider.id,
          what: { kind: "event", event: event.event, data: event.data },
          url,
          secrets: event.secrets ?? secretsFor(provider.id),
          // One event to several URLs: rendered alike (the same seed, this second) for each.
          ...(event.same ? { seed: event.same, at: Math.floor(Date.now() / 1000) } : {}),
          ...(event.options ? { providerOptions: event.options } : {}),
        },
        // The listener's API remembers what it caused (onSent), in its own world: the plan must not do it again.
        {
          onSent: (delivery) => {
            sent = JSON.parse(delivery.body) as JsonObject;
            onSent(sent, delivery.body);
          },
          onFinal: (report) => {
            if (sent) onAnswered(sent, { url, status: report.status ?? null, ...(report.error ? { error: report.error } : {}) });
            onDelivery(many && target ? { ...report, target } : report);
          },
          keepsWorld: true,
        },
      ).catch((error: Error) =>
        onDelivery({ provider: provider.id, event: event.event, url: event.url, expect: SEND_DEFAULTS.expect, ok: false, error: error.message }),
      );
    }
  };
}

/** The report of a caused event no target took: the listener has no --forward-to, and no URL is registered for it. */
function nowhere(provider: string, event: ApiEvent): DeliveryReport {
  return {
    provider,
    event: event.event,
    url: "nowhere",
    expect: SEND_DEFAULTS.expect,
    ok: false,
    error: "not sent: the listener has no --forward-to, and no URL is registered for this event",
    hint: `start the listener with --forward-to <your app's webhook URL>${event.register ? `, or ${event.register}` : ""}`,
  };
}
