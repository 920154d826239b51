import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startListenCli } from "../helpers/listen-cli.js";
import { readVector } from "../helpers/vectors.js";

const home = mkdtempSync(join(tmpdir(), "wh-sim-plaid-e2e-"));
const env = { WH_SIM_HOME: home };
const work = mkdtempSync(join(tmpdir(), "wh-sim-plaid-files-"));

describe("wh-sim verify plaid on the real Sandbox deliveries", () => {
  interface Vectors {
    jwk: object;
    vectors: { plaid_verification: string; iat: number; raw_body: string }[];
  }
  const ref = readVector<Vectors>("plaid-sandbox-deliveries.json");
  const jwkFile = join(work, "sandbox-jwk.json");
  writeFileSync(jwkFile, JSON.stringify({ key: ref.jwk, request_id: "x" }));

  it.each(ref.vectors.map((v, i) => [i, v] as const))("vector %i: valid with the clock at its iat, invalid when one byte changes", async (i, v) => {
    const body = join(work, `body-${i}.json`);
    writeFileSync(body, v.raw_body);
    const args = ["verify", "plaid", "--body", body, "-H", `Plaid-Verification: ${v.plaid_verification}`, "--jwk", jwkFile, "--at", String(v.iat)];
    const ok = await runCli(args, { env });
    expect(ok).toMatchObject({ code: 0, stdout: "✔ valid Plaid signature\n" });
    writeFileSync(body, v.raw_body.replace('"item_id": "', '"item_id": "X'));
    const bad = await runCli(args, { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("invalid: the body's SHA-256 differs from request_body_sha256 (body-changed)");
    writeFileSync(body, v.raw_body);
    const now = await runCli(args.slice(0, -2), { env });
    expect(now.code).toBe(1);
    expect(now.stderr).toContain("(stale)");
  });
});

describe("wh-sim trigger plaid into wh-sim listen", () => {
  let listener: ReturnType<typeof startListenCli>;
  let base: string;
  beforeAll(async () => {
    listener = startListenCli(["--json"], env);
    base = await listener.ready;
  });
  afterAll(() => listener.stop());

  it("accepts the bare webhook code in any case, and the listener verifies it against wh-sim's key", async () => {
    const run = await runCli(["trigger", "plaid", "sync_updates_available", "--url", `${base}/plaid`, "--json"], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ provider: "plaid", event: "TRANSACTIONS.SYNC_UPDATES_AVAILABLE", ok: true });
    await listener.waitForLines(1);
    expect(JSON.parse(listener.lines()[0]!)).toMatchObject({ provider: "plaid", event: "TRANSACTIONS.SYNC_UPDATES_AVAILABLE", verdict: { status: "valid" } });
  });

  it("prints the public JWK, serves it, and after --new serves the old key as expired, without a restart", async () => {
    const jwk = JSON.parse((await runCli(["secret", "plaid", "--json"], { env })).stdout);
    expect(jwk).toMatchObject({ alg: "ES256", crv: "P-256", kty: "EC", use: "sig", expired_at: null, kid: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(Object.keys(jwk)).toEqual(["alg", "created_at", "crv", "expired_at", "kid", "kty", "use", "x", "y"]);
    expect(statSync(join(home, "plaid-keys.json")).mode & 0o777).toBe(0o600);
    const served = await fetch(`${base}/webhook_verification_key/get`, {
      method: "POST",
      body: JSON.stringify({ client_id: "c", secret: "s", key_id: jwk.kid }),
    });
    expect(await served.json()).toMatchObject({ key: jwk });
    const rotated = JSON.parse((await runCli(["secret", "plaid", "--new", "--json"], { env })).stdout);
    expect(rotated.kid).not.toBe(jwk.kid);
    const ask = (kid: string) =>
      fetch(`${base}/webhook_verification_key/get`, { method: "POST", body: JSON.stringify({ client_id: "c", secret: "s", key_id: kid }) }).then((r) =>
        r.json(),
      );
    expect((await ask(jwk.kid)).key.expired_at).toEqual(expect.any(Number));
    expect((await ask(rotated.kid)).key).toEqual(rotated);
    const run = await runCli(["trigger", "plaid", "ITEM.ERROR", "--url", `${base}/plaid`, "--json"], { env });
    expect(run.code).toBe(0);
    const line = await listener.waitForLine((l) => l.includes('"event":"ITEM.ERROR"'));
    expect(JSON.parse(line)).toMatchObject({ event: "ITEM.ERROR", verdict: { status: "valid" } });
  });
});
