import { hmacSha256, safeEqual } from "../../lib/crypto.js";
import { humanDuration } from "../../lib/duration.js";
import type { HeaderMap, Verdict } from "../types.js";
import { fail } from "../verdict.js";

/** stripe-node's DEFAULT_TOLERANCE: constructEvent rejects a `t` older than this. */
export const TOLERANCE_SECONDS = 300;

// Test-mode deliveries carry a `v0=` made with a secret Stripe does not publish; verifiers ignore
// it ("ignore all schemes that aren't v1", as Stripe's docs say; docs/providers.md). Ours uses this key.
const V0_KEY = "wh-sim-v0-unpublished";

/** `t=<unix s>,v1=<hex>[,v1=<hex>…],v0=<hex>`: one `v1` per secret (rotation), no spaces. */
export function stripeSignatureHeader(body: string, secrets: readonly string[], timestamp: number): string {
  const signed = Buffer.from(`${timestamp}.${body}`);
  const v1 = secrets.map((secret) => `v1=${hmacSha256(secret, signed).toString("hex")}`);
  return [`t=${timestamp}`, ...v1, `v0=${hmacSha256(V0_KEY, signed).toString("hex")}`].join(",");
}

/** The checks of stripe-node's `constructEvent`, in its order, each failure with a reason. */
export function verifyStripeSignature(body: Uint8Array, headers: HeaderMap, secrets: readonly string[], now: Date): Verdict {
  const header = headers["stripe-signature"];
  if (!header) {
    return fail("missing-header", "no Stripe-Signature header", "Stripe signs every delivery; was the header stripped by a proxy?");
  }
  const parts = header.split(",").map((p) => p.split("="));
  const t = Number.parseInt(parts.find(([k]) => k === "t")?.[1] ?? "", 10);
  const v1 = parts.filter(([k]) => k === "v1").map(([, v]) => v ?? "");
  if (Number.isNaN(t)) {
    return fail("malformed", "Stripe-Signature has no t= timestamp", "expected t=<unix seconds>,v1=<hex>");
  }
  if (v1.length === 0) {
    return fail("malformed", "Stripe-Signature has no v1= signature", "expected t=<unix seconds>,v1=<hex> with no spaces after commas");
  }
  const expected = secrets.map((s) => hmacSha256(s, `${t}.`, body).toString("hex"));
  if (!v1.some((sig) => expected.some((e) => safeEqual(sig, e)))) {
    return fail(
      "mismatch",
      "no v1 signature matches the body with the configured secret",
      "was the body re-serialised or changed in transit? is there whitespace in the secret? is it this endpoint's whsec_ secret?",
    );
  }
  const age = Math.floor(now.getTime() / 1000) - t;
  if (age > TOLERANCE_SECONDS) {
    return fail(
      "stale",
      `signed ${humanDuration(age)} ago, tolerance ${humanDuration(TOLERANCE_SECONDS)}`,
      "replayed or delayed delivery; re-sign it (wh-sim replay --resign)",
    );
  }
  return { ok: true, ...(age < -TOLERANCE_SECONDS ? { detail: `signed ${humanDuration(-age)} in the future (stripe-node accepts it)` } : {}) };
}
