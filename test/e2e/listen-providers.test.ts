import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hmacSigner, keypairSigner, signerFor, type Signer } from "../../src/credentials.js";
import { prepareDelivery } from "../../src/delivery.js";
import { deliver } from "../../src/http/deliver.js";
import { availableProviders, loadProvider } from "../../src/providers/registry.js";
import type { Provider } from "../../src/providers/types.js";
import { startListenCli } from "../helpers/listen-cli.js";

// Which failures each scheme can see: Truv and Bridge sign no timestamp, so nothing goes stale.
const SIGNS_TIME: Record<string, boolean> = { stripe: true, plaid: true, truv: false, bridge: false, standard: true };

function wrongSigner(provider: Provider): Signer {
  if (provider.credentialKind === "keypair") {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    return keypairSigner(provider, { kid: "11111111-2222-4333-8444-555555555555", privateKey, publicJwk: {} });
  }
  return hmacSigner(provider, [provider.id === "standard" ? "whsec_b3RoZXIgc2VjcmV0" : "some-other-secret"]);
}

describe("wh-sim listen detects and verifies every provider, with reasons", () => {
  let listener: ReturnType<typeof startListenCli>;
  let url: string;

  beforeAll(async () => {
    listener = startListenCli(["--json"]);
    url = `${await listener.ready}/webhook`;
  });
  afterAll(() => listener.stop());

  it.each(availableProviders())("%s: valid, tampered, wrong secret or key, and stale", async (id) => {
    const provider = await loadProvider(id);
    const good = await signerFor(provider, undefined, {});
    const prepare = (signer: Signer, now = new Date()) =>
      prepareDelivery(provider, { choice: provider.resolveEvent(provider.demoEvent, {}), signer, options: {}, now });
    const post = (body: string, headers: Record<string, string>) => deliver({ url, body, headers, timeoutMs: 5000 });
    const before = listener.lines().length;

    const valid = await prepare(good);
    await post(valid.body, valid.headers);
    await post(valid.body.replace(/"(\w+)":/, '"$1" :'), valid.headers);
    const wrong = await prepare(wrongSigner(provider));
    await post(wrong.body, wrong.headers);
    const old = await prepare(good, new Date(Date.now() - 400_000));
    await post(old.body, old.headers);

    await listener.waitForLines(before + 4);
    const [v, tampered, wrongSecret, stale] = listener
      .lines()
      .slice(before, before + 4)
      .map((l) => JSON.parse(l));
    for (const line of [v, tampered, wrongSecret, stale]) expect(line.provider).toBe(id);
    expect(v).toMatchObject({ event: provider.demoEvent, verdict: { status: "valid" } });
    expect(tampered.verdict).toMatchObject({ status: "invalid", reason: id === "plaid" ? "body-changed" : "mismatch" });
    expect(wrongSecret.verdict).toMatchObject({ status: "invalid", reason: id === "plaid" ? "unknown-key" : "mismatch" });
    expect(stale.verdict).toMatchObject(SIGNS_TIME[id] ? { status: "invalid", reason: "stale" } : { status: "valid" });
  });
});
