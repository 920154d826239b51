import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDelivery } from "../../src/delivery.js";
import { keypairSigner } from "../../src/credentials.js";
import { deliver } from "../../src/http/deliver.js";
import { loadPlaidKeys, rotatePlaidKey, signingKey } from "../../src/providers/plaid/key-store.js";
import { plaid } from "../../src/providers/plaid/index.js";
import type { KeypairCredentials } from "../../src/providers/types.js";
import { startListenCli } from "../helpers/listen-cli.js";
import { startTargetServer } from "../helpers/target-server.js";
import { plaidVerifier } from "../helpers/verifying-apps.js";

const home = mkdtempSync(join(tmpdir(), "wh-sim-plaid-"));
process.env.WH_SIM_HOME = home;

const plaidApp = (listenerUrl: string) => startTargetServer(plaidVerifier(listenerUrl));

const send = async (url: string, event: string, credentials: KeypairCredentials, now = new Date(), tamper = false) => {
  const prepared = await prepareDelivery(plaid, { choice: plaid.resolveEvent(event, {}), signer: keypairSigner(plaid, credentials.key), options: {}, now });
  const body = tamper ? prepared.body.replace('"sandbox"', '"production"') : prepared.body;
  return deliver({ url, body, headers: prepared.headers, timeoutMs: 10_000 });
};

describe("an app using the official plaid client and jose accepts wh-sim's Plaid webhooks", () => {
  let listener: ReturnType<typeof startListenCli>;
  let app: Awaited<ReturnType<typeof plaidApp>>;
  let current: KeypairCredentials;
  let expired: KeypairCredentials;

  beforeAll(async () => {
    expired = { kind: "keypair", key: signingKey(await loadPlaidKeys(home)) };
    await rotatePlaidKey(home);
    current = { kind: "keypair", key: signingKey(await loadPlaidKeys(home)) };
    listener = startListenCli([], { WH_SIM_HOME: home });
    app = await plaidApp(await listener.ready);
  });
  afterAll(async () => {
    await app.close();
    await listener.stop();
  });

  it("for every one of the 92 schemas and the extra variants", async () => {
    const names = plaid.events.flatMap((e) => [e.name, ...(e.variants ?? []).map((v) => `${e.name}@${v}`)]);
    const results = await Promise.all(names.map(async (name) => ({ name, ...(await send(app.url, name, current)) })));
    expect(results.filter((r) => r.status !== 200).map((r) => `${r.name}: ${r.body}`)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(92);
  });

  it("and rejects a tampered body, a stale iat, an unknown kid and an expired key", async () => {
    expect(await send(app.url, "ITEM.ERROR", current, new Date(), true)).toMatchObject({ status: 401, body: "body hash" });
    expect(await send(app.url, "ITEM.ERROR", current, new Date(Date.now() - 400_000))).toMatchObject({
      status: 401,
      body: expect.stringContaining("ERR_JWT_EXPIRED"),
    });
    // An iat in the future: jose refuses it, and so does wh-sim's verifier (test/unit/plaid-signature.test.ts).
    expect(await send(app.url, "ITEM.ERROR", current, new Date(Date.now() + 60_000))).toMatchObject({
      status: 401,
      body: expect.stringContaining('"iat" claim timestamp check failed (it should be in the past)'),
    });
    const stranger = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const unknown: KeypairCredentials = { kind: "keypair", key: { kid: "00000000-0000-4000-8000-000000000000", privateKey: stranger, publicJwk: {} } };
    expect(await send(app.url, "ITEM.ERROR", unknown)).toMatchObject({ status: 401, body: "key endpoint 400 INVALID_WEBHOOK_VERIFICATION_KEY_ID" });
    expect(await send(app.url, "ITEM.ERROR", expired)).toMatchObject({ status: 401, body: "expired key" });
  });
});
