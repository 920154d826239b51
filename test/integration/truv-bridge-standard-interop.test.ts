import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDelivery } from "../../src/delivery.js";
import { hmacSigner } from "../../src/credentials.js";
import { deliver } from "../../src/http/deliver.js";
import { BRIDGE_EVENTS } from "../../src/providers/bridge/events.generated.js";
import { bridge } from "../../src/providers/bridge/index.js";
import { standard } from "../../src/providers/standard/index.js";
import { truv } from "../../src/providers/truv/index.js";
import type { HmacProvider, Provider, ProviderOptions } from "../../src/providers/types.js";
import { startTargetServer } from "../helpers/target-server.js";
import { bridgeVerifier, standardVerifier, truvVerifier } from "../helpers/verifying-apps.js";

const TRUV_SECRET = "truv-access-secret-for-tests";
const BRIDGE_NEW = "bridge-secret-new";
const BRIDGE_OLD = "bridge-secret-old";
const STANDARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

const truvQuickstart = truvVerifier(TRUV_SECRET);
const bridgePlugin = bridgeVerifier;
const officialStandard = standardVerifier(STANDARD_SECRET);

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
