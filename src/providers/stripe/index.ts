import { ALPHANUMERIC } from "../../lib/crypto.js";
import { describeFields } from "../describe.js";
import { stripeCatalogue } from "./catalogue.js";
import type { HmacProvider } from "../types.js";
import { stripeApi } from "./api/index.js";
import { isThinEventType, reconcileThin, renderThin, type ThinTemplate } from "./thin.js";
import { reconcilePreviousAttributes, resolveStripeEvent } from "./versions.js";
import { accountOption, materializeStripe } from "./materialize.js";
import { serializeStripe } from "./serialize.js";
import { renderFromTemplate } from "./template.js";
import { stripeSignatureHeader, TOLERANCE_SECONDS, verifyStripeSignature } from "./signature.js";

export const stripe: HmacProvider = {
  ...stripeCatalogue,
  signatureHeaders: ["stripe-signature"],
  demoEvent: "financial_connections.account.refreshed_balance",
  options: ["account", "apiVersion", "signatureDiagnostics"],
  resolveEvent: (input, { apiVersion }) => resolveStripeEvent(input, apiVersion),
  credentialKind: "hmac",
  signsWithEachSecret: true,
  testSecret: "whsec_whsimLocalTestSecretDoNotUse2026",
  newSecret: (random) => `whsec_${random.chars(32, ALPHANUMERIC)}`,
  materialize: (fixture, event, ctx) =>
    isThinEventType(event)
      ? renderThin(fixture as unknown as ThinTemplate, { type: event, created: ctx.now, seed: ctx.random.bytes(8), context: accountOption(ctx.options) })
          .notification
      : materializeStripe(fixture, ctx),
  renderFromTemplate: (fixture, event, ctx) => (isThinEventType(event) ? undefined : renderFromTemplate(fixture, ctx)),
  // The v1 API a handler calls back, and the v2 thin events' fetch-back.
  api: stripeApi(),
  editing: {
    reconcile: (payload, edited) => (payload.object === "v2.core.event" ? reconcileThin(payload, edited) : reconcilePreviousAttributes(payload, edited)),
    // The Stripe CLI's fixtures name the API resource they create (`customer:name=x`): here it is the event's object.
    resourcePath: (resource, payload) => {
      const object = (payload.data as { object?: { object?: unknown } } | undefined)?.object?.object;
      return typeof object === "string" && (object === resource || object.replaceAll(".", "_") === resource) ? ["data", "object"] : undefined;
    },
  },
  serialize: serializeStripe,
  sign(body, { credentials, now, options }) {
    // The headers of a real delivery, as relayed by the Stripe CLI (docs/providers.md, Stripe).
    return {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-cache",
      "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      Accept: "*/*; q=0.5, application/xml",
      "Stripe-Signature": stripeSignatureHeader(body, credentials.secrets, Math.floor(now.getTime() / 1000), options.signatureDiagnostics === true),
    };
  },
  verify: (body, headers, ctx) => verifyStripeSignature(body, headers, ctx.secrets, ctx.now),
  signedTime: {
    toleranceSeconds: TOLERANCE_SECONDS,
    futureAccepted: true,
    at: (headers) => {
      const t = /(?:^|,)t=(\d+)/.exec(headers["stripe-signature"] ?? "")?.[1];
      return t === undefined ? undefined : new Date(Number(t) * 1000);
    },
  },
  // Stripe publishes no exact schedule ("up to 3 days with exponential back-off" live, "three times
  // over a few hours" in test mode): three retries, an approximation of test mode.
  retryPolicy: () => ({
    delays: [3600, 2 * 3600, 4 * 3600],
    timeoutMs: 30_000,
    success: "2xx",
    source: "approximation of Stripe's test mode: three times over a few hours",
  }),
  describe: (payload) => describeFields(payload, "type", "id"),
};
