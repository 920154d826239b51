import { createHash, timingSafeEqual } from "node:crypto";
import { hmacSha256, sha256Hex } from "../../lib/crypto.js";
import { humanDuration } from "../../lib/duration.js";
import type { HeaderMap, Verdict } from "../types.js";
import { fail } from "../verdict.js";

/** stripe-node's DEFAULT_TOLERANCE: constructEvent rejects a `t` older than this. */
export const TOLERANCE_SECONDS = 300;

// Test-mode deliveries carry a `v0=` made with a secret Stripe does not publish; verifiers ignore
// it ("ignore all schemes that aren't v1", as Stripe's docs say; docs/providers.md). Ours uses this key.
const V0_KEY = "wh-sim-v0-unpublished";

/**
 * `t=<unix s>,v1=<hex>[,v1=<hex>…],v0=<hex>`: one `v1` per secret (rotation), no spaces. With
 * `diagnostics`, the items stripe-node 23.2 reads to explain a mismatch follow (docs/providers.md,
 * Stripe: whether Stripe sends them is unconfirmed): `secret=` the first secret masked but for its
 * length, prefix and last four characters, `destination=` the endpoint's id, `payload=` the last 8
 * hex digits of the body's SHA-256.
 */
export function stripeSignatureHeader(body: string, secrets: readonly string[], timestamp: number, diagnostics = false): string {
  const signed = Buffer.from(`${timestamp}.${body}`);
  const v1 = secrets.map((secret) => `v1=${hmacSha256(secret, signed).toString("hex")}`);
  const items = [`t=${timestamp}`, ...v1, `v0=${hmacSha256(V0_KEY, signed).toString("hex")}`];
  if (diagnostics && secrets[0] !== undefined) {
    items.push(`secret=${maskedSecret(secrets[0])}`, `destination=${destinationId(secrets[0])}`, `payload=${sha256Hex(body).slice(-8)}`);
  }
  return items.join(",");
}

/** `whsec_abc…wxyz` → `whsec_*****…wxyz`: the same length, its prefix and last four characters. */
export function maskedSecret(secret: string): string {
  const prefix = /^[a-z]+_/.exec(secret)?.[0] ?? "";
  return prefix + "*".repeat(Math.max(0, secret.length - prefix.length - 4)) + secret.slice(-4);
}

/** The endpoint a secret belongs to, as a Stripe webhook endpoint id: stable per secret, revealing nothing of it. */
function destinationId(secret: string): string {
  const digest = createHash("sha256").update(`wh-sim destination ${secret}`).digest();
  const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  return `we_${Array.from(digest.subarray(0, 24), (b) => chars[b % chars.length]).join("")}`;
}

/** The diagnostic items of a Stripe-Signature header, when it has them (stripe-node 23.2 reads the first of each). */
function diagnosticsOf(header: string): { secret?: string; destination?: string; payload?: string } {
  const found: Record<string, string> = {};
  for (const item of header.split(/,\s*/)) {
    const at = item.indexOf("=");
    const key = at < 0 ? item : item.slice(0, at);
    if ((key === "secret" || key === "destination" || key === "payload") && !(key in found) && at >= 0 && item.length - at <= 101)
      found[key] = item.slice(at + 1).trim();
  }
  return found;
}

/** 64 lower-case hex digits: the only v1 that can match (a loop: the listener checks every delivery). */
function isSha256Hex(value: string): boolean {
  if (value.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** The checks of stripe-node's `constructEvent`, in its order, each failure with a reason. */
export function verifyStripeSignature(body: Uint8Array, headers: HeaderMap, secrets: readonly string[], now: Date): Verdict {
  const header = headers["stripe-signature"];
  if (!header) {
    return fail("missing-header", "no Stripe-Signature header", "Stripe signs every delivery; was the header stripped by a proxy?");
  }
  // Parsed as stripe-node parses it (split on "," then "="), without an array per item: the listener does this for every delivery.
  let t = Number.NaN;
  const v1: string[] = [];
  for (const item of header.split(",")) {
    const at = item.indexOf("=");
    const key = at < 0 ? item : item.slice(0, at);
    const value = at < 0 ? "" : item.slice(at + 1, item.indexOf("=", at + 1) >>> 0);
    if (key === "t" && Number.isNaN(t)) t = Number.parseInt(value, 10);
    else if (key === "v1") v1.push(value);
  }
  if (Number.isNaN(t)) {
    return fail("malformed", "Stripe-Signature has no t= timestamp", "expected t=<unix seconds>,v1=<hex>");
  }
  if (v1.length === 0) {
    return fail("malformed", "Stripe-Signature has no v1= signature", "expected t=<unix seconds>,v1=<hex> with no spaces after commas");
  }
  // Compared as bytes: a v1 value that is not 64 lower-case hex digits cannot match (stripe-node
  // compares the hex strings). Loops, not closures: the listener checks every delivery.
  let matched = false;
  const signed = `${t}.`;
  for (const secret of secrets) {
    const expected = hmacSha256(secret, signed, body);
    for (const sig of v1) if (isSha256Hex(sig) && timingSafeEqual(Buffer.from(sig, "hex"), expected)) matched = true;
  }
  if (!matched) {
    const explained = explainMismatch(header, body, secrets);
    if (explained) return explained;
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
  return age < -TOLERANCE_SECONDS ? { ok: true, detail: `signed ${humanDuration(-age)} in the future (stripe-node accepts it)` } : { ok: true };
}

/** What a header's diagnostic items say of a mismatch: another secret signed it, or the body changed. */
function explainMismatch(header: string, body: Uint8Array, secrets: readonly string[]): Verdict | undefined {
  const { secret, destination, payload } = diagnosticsOf(header);
  if (secret?.includes("*") && !secrets.some((s) => s.length === secret.length && s.slice(-4) === secret.slice(-4))) {
    const ours = secrets.map(maskedSecret).join(", ");
    return fail(
      "mismatch",
      `signed with another secret: the sender's is ${secret.length} characters and looks like ${secret}${destination ? ` (endpoint ${destination})` : ""}; listen has ${ours}`,
      "configure the secret of the endpoint that sent it (wh-sim listen --secret stripe=whsec_…)",
    );
  }
  if (payload && /^[0-9a-f]{8}$/i.test(payload) && sha256Hex(body).slice(-8) !== payload.toLowerCase()) {
    return fail(
      "body-changed",
      `the body changed after it was signed: its SHA-256 ends in ${sha256Hex(body).slice(-8)}, the signed one in ${payload.toLowerCase()}`,
      "something between the sender and here re-serialised or altered the raw body; pass the exact bytes",
    );
  }
  return undefined;
}
