// The apps under test: each verifies a delivery exactly as the provider's own code or docs do,
// and answers 2xx when it holds, 4xx with the verifier's own message when it does not.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { Configuration, PlaidApi } from "plaid";
import { Webhook as StandardWebhook } from "standardwebhooks";
import Stripe from "stripe";
import { Webhook as SvixWebhook } from "svix";
import type { ReceivedRequest } from "./target-server.js";

type Answer = { status: number; body?: string };

/** stripe-node's constructEvent. */
export function stripeVerifier(secret: string) {
  const stripe = new Stripe("sk_test_wh_sim");
  return ({ rawBody, headers }: ReceivedRequest): Answer => {
    try {
      return { status: 200, body: stripe.webhooks.constructEvent(rawBody, headers["stripe-signature"] as string, secret).id };
    } catch (error) {
      return { status: 400, body: (error as Error).message };
    }
  };
}

/** The standardwebhooks library, or svix's for svix-* headers. */
export function standardVerifier(secret: string) {
  return ({ rawBody, headers }: ReceivedRequest): Answer => {
    try {
      if (headers["svix-signature"]) new SvixWebhook(secret).verify(rawBody.toString(), headers as Record<string, string>);
      else new StandardWebhook(secret).verify(rawBody.toString(), headers as Record<string, string>);
      return { status: 200 };
    } catch (error) {
      return { status: 400, body: (error as Error).message };
    }
  };
}

/** Truv's quickstart (truvhq/quickstart node/src/index.js): 'v1=' + hex HMAC of the raw body, compared with the whole header. */
export function truvVerifier(secret: string) {
  return ({ rawBody, headers }: ReceivedRequest): Answer => {
    const expected = "v1=" + createHmac("sha256", secret).update(rawBody).digest("hex");
    return expected === headers["x-webhook-sign"] ? { status: 200 } : { status: 403, body: "bad signature" };
  };
}

/**
 * Bridge's Sylius plugin (BridgeWebhookService::checkSignatures): explode on ',', every part must
 * start with 'v1=', compare each to strtoupper(hash_hmac('SHA256', body, secret)); any may match.
 */
export function bridgeVerifier(secret: string) {
  return ({ rawBody, headers }: ReceivedRequest): Answer => {
    const parts = String(headers["bridgeapi-signature"] ?? "").split(",");
    for (const part of parts) if (!part.startsWith("v1=")) return { status: 400, body: `invalid scheme in ${part}` };
    const expected = createHmac("sha256", secret).update(rawBody).digest("hex").toUpperCase();
    return parts.some((p) => p.slice(3) === expected) ? { status: 200 } : { status: 403, body: "bad signature" };
  };
}

/**
 * Verifying exactly as Plaid's docs prescribe: read kid from the JWT header, fetch the key with
 * the official client (base URL = wh-sim listen), reject expired keys, verify ES256 with jose and
 * a 5-minute max age, compare the raw body's SHA-256 in constant time.
 */
export function plaidVerifier(listenerUrl: string) {
  const client = new PlaidApi(
    new Configuration({ basePath: listenerUrl, baseOptions: { headers: { "PLAID-CLIENT-ID": "client_id_test", "PLAID-SECRET": "secret_test" } } }),
  );
  return async ({ rawBody, headers }: ReceivedRequest): Promise<Answer> => {
    try {
      const token = headers["plaid-verification"] as string;
      const { alg, kid } = decodeProtectedHeader(token);
      if (alg !== "ES256") return { status: 401, body: "alg" };
      const { data } = await client.webhookVerificationKeyGet({ key_id: kid! });
      if (data.key.expired_at !== null) return { status: 401, body: "expired key" };
      const { payload } = await jwtVerify(token, await importJWK(data.key as never, "ES256"), { algorithms: ["ES256"], maxTokenAge: "5 min" });
      const actual = Buffer.from(createHash("sha256").update(rawBody).digest("hex"));
      const claimed = Buffer.from(String(payload.request_body_sha256));
      if (actual.length !== claimed.length || !timingSafeEqual(actual, claimed)) return { status: 401, body: "body hash" };
      return { status: 200, body: "ok" };
    } catch (error) {
      const e = error as { response?: { status: number; data: { error_code: string } }; code?: string; message: string };
      return { status: 401, body: e.response ? `key endpoint ${e.response.status} ${e.response.data.error_code}` : `${e.code ?? ""} ${e.message}` };
    }
  };
}
