import { Webhook as StandardWebhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { createRandom } from "../../src/lib/random.js";
import { bridge } from "../../src/providers/bridge/index.js";
import { standard } from "../../src/providers/standard/index.js";
import { truv } from "../../src/providers/truv/index.js";
import type { HeaderMap, HmacProvider, Provider } from "../../src/providers/types.js";
import { readVector } from "../helpers/vectors.js";

interface TruvVectors {
  vectors: { secret: string; body: string; header: string }[];
}
interface BridgeVectors {
  test_event: { body: string; signatures: Record<string, string> };
  item_refreshed: { body: string; secret: string; header: string };
}
const sign = (p: HmacProvider, body: string, secrets: string[], now = new Date(), options = {}) =>
  p.sign(body, { credentials: { kind: "hmac", secrets }, now, random: createRandom(1), options });
const lower = (h: HeaderMap) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
const verify = (p: Provider, body: string, headers: HeaderMap, secrets: string[], now = new Date()) =>
  p.verify(Buffer.from(body), lower(headers), { secrets, now });

describe("known-answer vectors (test/vectors/truv-signatures.json, bridge-signatures.json)", () => {
  it("Truv: each body signs to its X-WEBHOOK-SIGN, and a changed byte fails", () => {
    const rows = readVector<TruvVectors>("truv-signatures.json").vectors;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const { secret, body, header } of rows) {
      expect(sign(truv, body, [secret])["X-WEBHOOK-SIGN"]).toBe(header);
      expect(verify(truv, body, { "X-WEBHOOK-SIGN": header }, [secret]).ok).toBe(true);
      expect(verify(truv, body.replace("t", "T"), { "X-WEBHOOK-SIGN": header }, [secret])).toMatchObject({ ok: false, reason: "mismatch" });
    }
  });

  it("Bridge: TEST_EVENT with each secret and with both (rotation), and item.refreshed", () => {
    const vectors = readVector<BridgeVectors>("bridge-signatures.json");
    const body1 = vectors.test_event.body;
    const rows = vectors.test_event.signatures;
    const [newer, older] = ["whsec_bridge_new_example", "whsec_bridge_old_example"];
    expect(sign(bridge, body1, [newer])["BridgeApi-Signature"]).toBe(rows[newer]);
    expect(sign(bridge, body1, [older])["BridgeApi-Signature"]).toBe(rows[older]);
    expect(sign(bridge, body1, [newer, older])["BridgeApi-Signature"]).toBe(rows["both (rotation)"]);
    for (const secret of [newer, older]) expect(verify(bridge, body1, { "BridgeApi-Signature": rows["both (rotation)"]! }, [secret]).ok).toBe(true);
    expect(verify(bridge, body1, { "BridgeApi-Signature": rows[newer]! }, ["whsec_wrong"])).toMatchObject({ ok: false, reason: "mismatch" });
    expect(verify(bridge, body1.replace("0", "1"), { "BridgeApi-Signature": rows[newer]! }, [newer])).toMatchObject({ ok: false, reason: "mismatch" });
    const { body: body2, secret: secret2, header: header2 } = vectors.item_refreshed;
    expect(sign(bridge, body2, [secret2])["BridgeApi-Signature"]).toBe(header2);
  });
});

describe("verdicts for Truv, Bridge and Standard Webhooks", () => {
  const body = '{"a":1}';
  it("Truv: missing, malformed (uppercase, spaces), mismatch; no timestamp to go stale", () => {
    const good = sign(truv, body, ["s"])["X-WEBHOOK-SIGN"]!;
    expect(verify(truv, body, {}, ["s"])).toMatchObject({ reason: "missing-header" });
    expect(verify(truv, body, { "x-webhook-sign": good.toUpperCase() }, ["s"])).toMatchObject({ reason: "malformed" });
    expect(verify(truv, body, { "x-webhook-sign": ` ${good}` }, ["s"])).toMatchObject({ reason: "malformed" });
    expect(verify(truv, body, { "x-webhook-sign": good }, ["other"])).toMatchObject({ reason: "mismatch" });
    expect(verify(truv, body, { "x-webhook-sign": good }, ["s"], new Date(0)).ok).toBe(true);
    expect(() => sign(truv, body, ["a", "b"])).toThrow(/one access secret/);
  });

  it("Bridge: a space after the comma or another scheme is malformed, as for Bridge's plugin", () => {
    const both = sign(bridge, body, ["a", "b"])["BridgeApi-Signature"]!;
    expect(both).toMatch(/^v1=[0-9A-F]{64},v1=[0-9A-F]{64}$/);
    expect(verify(bridge, body, { "bridgeapi-signature": both.replace(",", ", ") }, ["a"])).toMatchObject({ reason: "malformed" });
    expect(verify(bridge, body, { "bridgeapi-signature": both.replace("v1=", "v2=") }, ["a"])).toMatchObject({ reason: "malformed" });
    expect(verify(bridge, body, { "bridgeapi-signature": both.toLowerCase().replaceAll("v1=", "v1=") }, ["b"])).toMatchObject({
      ok: true,
      detail: expect.stringContaining("uppercase"),
    });
  });

  it("Standard: the official standardwebhooks package accepts ours, and ours names stale, future and mismatch", () => {
    const secret = standard.newSecret(createRandom(2));
    const now = new Date();
    const headers = sign(standard, body, [secret], now);
    expect(new StandardWebhook(secret).verify(body, lower(headers))).toEqual({ a: 1 });
    const theirs = new StandardWebhook(secret).sign("msg_x", now, body);
    expect(
      verify(standard, body, { "webhook-id": "msg_x", "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": theirs }, [secret])
        .ok,
    ).toBe(true);
    expect(verify(standard, body, headers, [secret], new Date(now.getTime() + 301_000))).toMatchObject({ reason: "stale" });
    expect(verify(standard, body, headers, [secret], new Date(now.getTime() - 301_000))).toMatchObject({ reason: "future" });
    expect(verify(standard, body, headers, [standard.testSecret])).toMatchObject({ reason: "mismatch" });
    expect(verify(standard, body, { ...headers, "webhook-signature": "v2,abc" }, [secret])).toMatchObject({ reason: "malformed" });
    expect(verify(standard, body, {}, [secret])).toMatchObject({ reason: "missing-header" });
    const rotated = sign(standard, body, [standard.testSecret, secret], now)["webhook-signature"]!;
    expect(rotated.split(" ")).toHaveLength(2);
  });
});
