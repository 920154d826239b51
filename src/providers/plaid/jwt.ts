import { createPublicKey, sign as ecSign, verify as ecVerify, type JsonWebKey, type KeyObject } from "node:crypto";
import { safeEqual, sha256Hex } from "../../lib/crypto.js";
import { humanDuration } from "../../lib/duration.js";
import type { JsonObject, Verdict } from "../types.js";
import { fail } from "../verdict.js";

/** Plaid's receivers reject a token whose `iat` is older than 5 minutes. */
export const MAX_AGE_SECONDS = 300;

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/**
 * `Plaid-Verification`: a compact JWS with header {"alg":"ES256","kid":…,"typ":"JWT"} and claims
 * {"iat":…,"request_body_sha256":…}, both compact JSON in that key order, signed with ECDSA P-256
 * in raw R‖S form — byte for byte what real deliveries carry (docs/providers.md, Plaid).
 */
export function signPlaidJwt(body: string, kid: string, privateKey: KeyObject, iat: number): string {
  const header = b64url(JSON.stringify({ alg: "ES256", kid, typ: "JWT" }));
  const claims = b64url(JSON.stringify({ iat, request_body_sha256: sha256Hex(body) }));
  const signature = ecSign("sha256", Buffer.from(`${header}.${claims}`), { key: privateKey, dsaEncoding: "ieee-p1363" });
  return `${header}.${claims}.${b64url(signature)}`;
}

/** The checks Plaid prescribes, in its order: alg, kid, key not expired, signature, iat age, body hash. */
export function verifyPlaidJwt(body: Uint8Array, token: string | undefined, jwks: readonly JsonObject[], now: Date): Verdict {
  if (!token) return fail("missing-header", "no Plaid-Verification header", "Plaid signs every webhook with a JWT in Plaid-Verification");
  const parts = token.split(".");
  const header = parts.length === 3 ? parseSegment(parts[0]!) : undefined;
  const claims = parts.length === 3 ? parseSegment(parts[1]!) : undefined;
  if (!header || !claims) return fail("malformed", "Plaid-Verification is not a compact JWT", "expected <header>.<claims>.<signature>, base64url");
  if (header.alg !== "ES256") {
    return fail("malformed", `JWT alg is ${JSON.stringify(header.alg)}, not ES256`, "Plaid signs with ES256 only; reject anything else (alg confusion)");
  }
  const jwk = jwks.find((k) => k.kid === header.kid);
  if (!jwk) {
    return fail(
      "unknown-key",
      `no key with kid ${String(header.kid)}`,
      "the key endpoint answers 400 INVALID_WEBHOOK_VERIFICATION_KEY_ID; was it signed by another wh-sim home or by Plaid?",
    );
  }
  if (jwk.expired_at !== null && jwk.expired_at !== undefined) {
    return fail(
      "expired-key",
      `key ${String(jwk.kid)} expired at ${new Date(Number(jwk.expired_at) * 1000).toISOString()}`,
      "Plaid's docs say to reject webhooks signed with an expired key; sign with the current key (wh-sim secret plaid)",
    );
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } as JsonWebKey, format: "jwk" });
  } catch {
    return fail("malformed", `key ${String(jwk.kid)} is not a P-256 JWK`, "give the JWK exactly as /webhook_verification_key/get returns it");
  }
  const signature = Buffer.from(parts[2]!, "base64url");
  if (!ecVerify("sha256", Buffer.from(`${parts[0]}.${parts[1]}`), { key, dsaEncoding: "ieee-p1363" }, signature)) {
    return fail("mismatch", "the JWT signature does not verify with this key", "the token was altered, or signed by a different key with the same kid");
  }
  const iat = Number(claims.iat);
  const age = Math.floor(now.getTime() / 1000) - iat;
  if (!Number.isFinite(iat) || age > MAX_AGE_SECONDS) {
    return fail(
      "stale",
      Number.isFinite(iat) ? `signed ${humanDuration(age)} ago (iat), limit ${humanDuration(MAX_AGE_SECONDS)}` : "iat is not a number",
      "a replayed or delayed webhook; re-sign it (wh-sim replay --resign), or set the clock with --at",
    );
  }
  // jose, which Plaid's docs use (`maxTokenAge`), refuses an iat in the future: so must we.
  if (age < 0) {
    return fail(
      "future",
      `signed ${humanDuration(-age)} in the future (iat)`,
      'the sender\'s clock is ahead; jose rejects it ("iat" claim timestamp check failed)',
    );
  }
  if (typeof claims.request_body_sha256 !== "string" || !safeEqual(sha256Hex(body), claims.request_body_sha256)) {
    return fail(
      "body-changed",
      "the body's SHA-256 differs from request_body_sha256",
      "the body changed after signing: hash the raw bytes, never JSON.stringify(req.body)",
    );
  }
  return { ok: true };
}

/** The claims of a Plaid-Verification token, unverified (to read when it was signed). */
export function jwtClaims(token: string | undefined): JsonObject | undefined {
  const claims = token?.split(".")[1];
  return claims === undefined ? undefined : parseSegment(claims);
}

function parseSegment(segment: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}
