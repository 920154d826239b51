import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createRandom } from "../../src/lib/random.js";
import { signPlaidJwt, verifyPlaidJwt } from "../../src/providers/plaid/jwt.js";
import { plaid } from "../../src/providers/plaid/index.js";
import type { JsonObject } from "../../src/providers/types.js";
import { readVector } from "../helpers/vectors.js";

interface Vectors {
  jwk: JsonObject;
  vectors: { plaid_verification: string; iat: number; raw_body: string }[];
}

const at = (s: number) => new Date(s * 1000);

describe("real Plaid Sandbox deliveries (test/vectors/plaid-sandbox-deliveries.json)", () => {
  const ref = readVector<Vectors>("plaid-sandbox-deliveries.json");

  it("are both there", () => expect(ref.vectors).toHaveLength(2));

  it.each(ref.vectors.map((v, i) => [i, v] as const))("vector %i verifies at its iat and fails when one byte changes", (_i, v) => {
    const body = Buffer.from(v.raw_body);
    expect(verifyPlaidJwt(body, v.plaid_verification, [ref.jwk], at(v.iat))).toEqual({ ok: true });
    const changed = Buffer.from(body);
    changed.writeUInt8(changed.readUInt8(changed.length - 3) ^ 1, changed.length - 3);
    expect(verifyPlaidJwt(changed, v.plaid_verification, [ref.jwk], at(v.iat))).toMatchObject({ ok: false, reason: "body-changed" });
    expect(verifyPlaidJwt(body, v.plaid_verification, [ref.jwk], at(v.iat + 301))).toMatchObject({ ok: false, reason: "stale" });
  });

  it("serialises a parsed delivery back to exactly Plaid's bytes", () => {
    for (const v of ref.vectors) expect(plaid.serialize(JSON.parse(v.raw_body))).toBe(v.raw_body);
  });
});

describe("Plaid ES256 sign → verify, and every failure reason", () => {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const kid = "3f2b1c9e-5a4d-4e8f-9b7a-1c2d3e4f5a6b";
  const jwk = { alg: "ES256", created_at: 1, crv: "P-256", expired_at: null, kid, kty: "EC", use: "sig", ...publicKey.export({ format: "jwk" }) } as JsonObject;
  const body = plaid.serialize({ webhook_type: "ITEM", webhook_code: "ERROR", item_id: "x" });
  const now = 1_800_000_000;
  const token = signPlaidJwt(body, kid, privateKey, now);

  it("writes the header and claims as compact JSON in Plaid's key order", () => {
    const [h, c, s] = token.split(".");
    expect(Buffer.from(h!, "base64url").toString()).toBe(`{"alg":"ES256","kid":"${kid}","typ":"JWT"}`);
    expect(Buffer.from(c!, "base64url").toString()).toMatch(/^\{"iat":1800000000,"request_body_sha256":"[0-9a-f]{64}"\}$/);
    expect(Buffer.from(s!, "base64url")).toHaveLength(64);
    expect(verifyPlaidJwt(Buffer.from(body), token, [jwk], at(now))).toEqual({ ok: true });
  });

  it("names each failure", () => {
    const v = (t: string | undefined, keys = [jwk], time = now, b = body) => verifyPlaidJwt(Buffer.from(b), t, keys, at(time));
    expect(v(undefined)).toMatchObject({ reason: "missing-header" });
    expect(v("abc")).toMatchObject({ reason: "malformed" });
    const none = `${Buffer.from('{"alg":"none","kid":"x"}').toString("base64url")}.${token.split(".")[1]}.`;
    expect(v(none)).toMatchObject({ reason: "malformed", message: expect.stringContaining("not ES256") });
    expect(v(token, [{ ...jwk, kid: "other" }])).toMatchObject({ reason: "unknown-key" });
    expect(v(token, [{ ...jwk, expired_at: now - 10 }])).toMatchObject({ reason: "expired-key" });
    const [h, c] = token.split(".");
    expect(v(`${h}.${c}.${Buffer.alloc(64, 1).toString("base64url")}`)).toMatchObject({ reason: "mismatch" });
    expect(v(token, [jwk], now + 301)).toMatchObject({ reason: "stale", message: "signed 5 min 1 s ago (iat), limit 5 min" });
    expect(v(token, [jwk], now - 1)).toMatchObject({ reason: "future", message: "signed 1 s in the future (iat)" });
    expect(v(token, [jwk], now, body.replace("x", "y"))).toMatchObject({ reason: "body-changed", hint: expect.stringContaining("raw bytes") });
  });

  it("serves the key endpoint like Plaid: the JWK for a known kid, 400 INVALID_WEBHOOK_VERIFICATION_KEY_ID otherwise", async () => {
    const world = { get: () => undefined, put: () => undefined, list: () => [] };
    const ctx = { world, now: new Date(), random: createRandom(1), secrets: [], keys: [jwk], template: () => ({}), fixture: () => Promise.resolve({}) };
    const ask = async (payload: object, headers = {}) => {
      const call = {
        method: "POST",
        path: "/webhook_verification_key/get",
        query: "",
        headers: { "content-type": "application/json", ...headers },
        body: Buffer.from(JSON.stringify(payload)),
      };
      expect(plaid.api!.claims(call)).toBe(true);
      return (await plaid.api!.answer(call, ctx)) as { status: number; body: JsonObject };
    };
    const ok = await ask({ client_id: "c", secret: "s", key_id: kid });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ key: jwk, request_id: expect.stringMatching(/^[A-Za-z0-9]{15}$/) });
    expect((await ask({ key_id: kid }, { "plaid-client-id": "c", "plaid-secret": "s" })).status).toBe(200);
    const unknown = await ask({ client_id: "c", secret: "s", key_id: "nope" });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error_code: "INVALID_WEBHOOK_VERIFICATION_KEY_ID", error_type: "INVALID_INPUT", display_message: null });
    expect((await ask({ key_id: kid })).body.error_code).toBe("MISSING_FIELDS");
  });
});
