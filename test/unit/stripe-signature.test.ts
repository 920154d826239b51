import { describe, expect, it } from "vitest";
import { createRandom } from "../../src/lib/random.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { stripeSignatureHeader, verifyStripeSignature } from "../../src/providers/stripe/signature.js";
import { readVector } from "../helpers/vectors.js";

interface Vectors {
  secret: string;
  timestamp: number;
  header: string;
  body: string;
}

const at = (seconds: number) => new Date(seconds * 1000);
const bytes = (s: string) => Buffer.from(s);

describe("Stripe known-answer vector (test/vectors/stripe-signature.json)", () => {
  const v = readVector<Vectors>("stripe-signature.json");

  it("signs the vector body to the vector's v1", () => {
    const header = stripeSignatureHeader(v.body, [v.secret], v.timestamp);
    expect(header.startsWith(`${v.header},v0=`)).toBe(true);
  });

  it("verifies the vector header, and rejects each negative case for its reason", () => {
    const verify = (body: string, header: string, secret = v.secret, now = v.timestamp) =>
      verifyStripeSignature(bytes(body), { "stripe-signature": header }, [secret], at(now));
    expect(verify(v.body, v.header).ok).toBe(true);
    expect(verify(v.body, v.header, v.secret, v.timestamp + 300).ok).toBe(true);
    expect(verify(v.body, v.header, v.secret, v.timestamp - 3600).ok).toBe(true);
    expect(verify(v.body, v.header, v.secret.replace("whsec_", ""))).toMatchObject({ ok: false, reason: "mismatch" });
    expect(verify(v.body, v.header.toUpperCase().replace("T=", "t=").replace("V1=", "v1="))).toMatchObject({ ok: false, reason: "mismatch" });
    expect(verify(v.body, v.header.replace(",", ", "))).toMatchObject({ ok: false, reason: "malformed" });
    expect(verify(v.body, `t=${v.timestamp},v0=abc`)).toMatchObject({ ok: false, reason: "malformed" });
    expect(verify(v.body, v.header, v.secret, v.timestamp + 301)).toMatchObject({ ok: false, reason: "stale" });
    expect(verify(`${v.body}\n`, v.header)).toMatchObject({ ok: false, reason: "mismatch" });
    const [t, v1] = v.header.split(",");
    expect(verify(v.body, `${t},v0=junk,v1=${"0".repeat(64)},${v1}`).ok).toBe(true);
    // Not 64 lower-case hex digits: no match, and never a comparison of unequal lengths (which throws).
    // The first digit swapped for a character just outside 0-9 and a-f.
    const swapped = (c: string) => `v1=${c}${v1!.slice(4)}`;
    const bad = [`${v1}0`, v1!.slice(0, -2), ...["/", ":", "`", "g", "G", "A"].map(swapped)];
    for (const b of bad) expect(verify(v.body, `${t},${b}`)).toMatchObject({ ok: false, reason: "mismatch" });
  });
});

describe("Stripe sign → verify", () => {
  const body = stripe.serialize({ type: "customer.created", object: "event", id: "evt_1", data: { object: { object: "customer" } } });
  const now = at(1_800_000_000);

  it("orders keys id, object, then alphabetically, with 2-space indentation and no trailing newline", () => {
    expect(body).toBe(
      '{\n  "id": "evt_1",\n  "object": "event",\n  "data": {\n    "object": {\n      "object": "customer"\n    }\n  },\n  "type": "customer.created"\n}',
    );
  });

  it("sends Stripe's headers and one v1 per secret during rotation", () => {
    const headers = stripe.sign(body, { credentials: { kind: "hmac", secrets: ["whsec_a", "whsec_b"] }, now, random: createRandom(), options: {} });
    expect(headers).toMatchObject({
      "Content-Type": "application/json; charset=utf-8",
      "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      "Cache-Control": "no-cache",
      Accept: "*/*; q=0.5, application/xml",
    });
    const parts = headers["Stripe-Signature"]!.split(",");
    expect(parts.filter((p) => p.startsWith("v1="))).toHaveLength(2);
    for (const secret of ["whsec_a", "whsec_b"]) {
      const verdict = stripe.verify(bytes(body), { "stripe-signature": headers["Stripe-Signature"]! }, { secrets: [secret], now });
      expect(verdict.ok).toBe(true);
    }
    expect(stripe.verify(bytes(body), {}, { secrets: ["whsec_a"], now })).toMatchObject({ ok: false, reason: "missing-header" });
    expect(stripe.verify(bytes(body), { "stripe-signature": "v1=abc" }, { secrets: ["whsec_a"], now })).toMatchObject({ ok: false, reason: "malformed" });
  });
});
