import { createHmac } from "node:crypto";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDelivery } from "../../src/delivery.js";
import { hmacSigner } from "../../src/credentials.js";
import { deliver } from "../../src/http/deliver.js";
import { BRIDGE_EVENTS } from "../../src/providers/bridge/events.generated.js";
import { bridge } from "../../src/providers/bridge/index.js";
import { standard } from "../../src/providers/standard/index.js";
import { truv } from "../../src/providers/truv/index.js";
import type { HmacProvider, Provider, ProviderOptions } from "../../src/providers/types.js";
import { startTargetServer, type ReceivedRequest } from "../helpers/target-server.js";

const TRUV_SECRET = "truv-access-secret-for-tests";
const BRIDGE_NEW = "bridge-secret-new";
const BRIDGE_OLD = "bridge-secret-old";
const STANDARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

// Truv's quickstart (truvhq/quickstart node/src/index.js): 'v1=' + hex HMAC of the raw body,
// compared with the whole X-WEBHOOK-SIGN header.
function truvQuickstart({ rawBody, headers }: ReceivedRequest) {
  const expected = "v1=" + createHmac("sha256", TRUV_SECRET).update(rawBody).digest("hex");
  return expected === headers["x-webhook-sign"] ? { status: 200 } : { status: 403, body: "bad signature" };
}

// Bridge's Sylius plugin (BridgeWebhookService::checkSignatures): explode on ',', every part must
// start with 'v1=', compare each to strtoupper(hash_hmac('SHA256', body, secret)); any may match.
function bridgePlugin(secret: string) {
  return ({ rawBody, headers }: ReceivedRequest) => {
    const parts = String(headers["bridgeapi-signature"] ?? "").split(",");
    for (const part of parts) if (!part.startsWith("v1=")) return { status: 400, body: `invalid scheme in ${part}` };
    const expected = createHmac("sha256", secret).update(rawBody).digest("hex").toUpperCase();
    return parts.some((p) => p.slice(3) === expected) ? { status: 200 } : { status: 403, body: "bad signature" };
  };
}

function officialStandard({ rawBody, headers }: ReceivedRequest) {
  try {
    if (headers["svix-signature"]) new SvixWebhook(STANDARD_SECRET).verify(rawBody.toString(), headers as Record<string, string>);
    else new StandardWebhook(STANDARD_SECRET).verify(rawBody.toString(), headers as Record<string, string>);
    return { status: 200 };
  } catch (error) {
    return { status: 400, body: (error as Error).message };
  }
}

const everyEvent = (p: Provider) => p.events.flatMap((e) => [e.name, ...(e.variants ?? []).map((v) => `${e.name}@${v}`)]);
const send = async (provider: HmacProvider, url: string, event: string, secrets: string[], options: ProviderOptions = {}, customBody?: string) => {
  const prepared = await prepareDelivery(provider, {
    choice: provider.resolveEvent(event, options),
    signer: hmacSigner(provider, secrets),
    options,
    now: new Date(),
    ...(customBody ? { customBody } : {}),
  });
  return deliver({ url, body: prepared.body, headers: prepared.headers, timeoutMs: 10_000 });
};

describe("providers' own verification code accepts wh-sim's deliveries", () => {
  const apps: Awaited<ReturnType<typeof startTargetServer>>[] = [];
  let truvApp: (typeof apps)[number], bridgeNew: (typeof apps)[number], bridgeOld: (typeof apps)[number], standardApp: (typeof apps)[number];
  beforeAll(async () => {
    apps.push((truvApp = await startTargetServer(truvQuickstart)));
    apps.push((bridgeNew = await startTargetServer(bridgePlugin(BRIDGE_NEW))));
    apps.push((bridgeOld = await startTargetServer(bridgePlugin(BRIDGE_OLD))));
    apps.push((standardApp = await startTargetServer(officialStandard)));
  });
  afterAll(() => Promise.all(apps.map((a) => a.close())));

  it("Truv's quickstart, for every event and status variant; not with another secret", async () => {
    const results = await Promise.all(everyEvent(truv).map(async (e) => [e, (await send(truv, truvApp.url, e, [TRUV_SECRET])).status] as const));
    expect(results.filter(([, s]) => s !== 200)).toEqual([]);
    expect((await send(truv, truvApp.url, "link-disconnected", ["other"])).status).toBe(403);
  });

  it("Bridge's plugin, for every event of both API versions, with one secret and during rotation", async () => {
    for (const apiVersion of ["2021.06.01", "2025-01-15"]) {
      const events = BRIDGE_EVENTS.filter((e) => e.versions.includes(apiVersion)).map((e) => e.name);
      for (const event of events) {
        expect((await send(bridge, bridgeNew.url, event, [BRIDGE_NEW], { apiVersion })).status).toBe(200);
        expect((await send(bridge, bridgeNew.url, event, [BRIDGE_NEW, BRIDGE_OLD], { apiVersion })).status).toBe(200);
        expect((await send(bridge, bridgeOld.url, event, [BRIDGE_NEW, BRIDGE_OLD], { apiVersion })).status).toBe(200);
      }
    }
    const variants = everyEvent(bridge).filter((e) => e.includes("@"));
    for (const event of variants) expect((await send(bridge, bridgeNew.url, event, [BRIDGE_NEW])).status).toBe(200);
    expect((await send(bridge, bridgeNew.url, "item.created", ["other"])).status).toBe(403);
  });

  it("the standardwebhooks package (webhook-*) and svix (svix-*), for ping, any event name and a custom payload", async () => {
    for (const svix of [false, true]) {
      expect(await send(standard, standardApp.url, "ping", [STANDARD_SECRET], { svix })).toMatchObject({ status: 200 });
      expect(await send(standard, standardApp.url, "invoice.paid", [STANDARD_SECRET], { svix })).toMatchObject({ status: 200 });
      const custom = '{"type":"user.created","data":{"id":"u_1","email":"a@example.com"}}';
      expect(await send(standard, standardApp.url, "user.created", [STANDARD_SECRET], { svix }, custom)).toMatchObject({ status: 200 });
      expect(await send(standard, standardApp.url, "ping", [standard.testSecret, STANDARD_SECRET], { svix })).toMatchObject({ status: 200 });
      expect((await send(standard, standardApp.url, "ping", [standard.testSecret], { svix })).status).toBe(400);
    }
  });
});
