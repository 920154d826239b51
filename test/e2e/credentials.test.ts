// The keys an app sends the offline provider APIs are not kept verbatim in the recording, the
// inspector or its exports; --keep-credentials keeps them, for debugging.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startListenCli } from "../helpers/listen-cli.js";

const STRIPE_KEY = "sk_test_TheUsersOwnStripeKey0001";
const PLAID_SECRET = "plaid-secret-the-users-own-0001";
const TRUV_SECRET = "truv-secret-the-users-own-0001";

async function callEveryApi(base: string): Promise<void> {
  await fetch(`${base}/v1/customers`, { headers: { authorization: `Bearer ${STRIPE_KEY}` } });
  await fetch(`${base}/item/get`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_id: "c", secret: PLAID_SECRET, access_token: "access-sandbox-00000000-0000-4000-a000-000000000000" }),
  });
  await fetch(`${base}/v1/orders/00000000000000000000000000000000/`, { headers: { "x-access-client-id": "c", "x-access-secret": TRUV_SECRET } });
}

describe("credentials sent to the provider APIs", () => {
  it("are redacted in the recording and the inspector's exports", async () => {
    const record = join(mkdtempSync(join(tmpdir(), "wh-sim-creds-")), "r.ndjson");
    const listen = startListenCli(["--ui", "--record", record]);
    const base = await listen.ready;
    try {
      await callEveryApi(base);
      await listen.waitForLines(3);
      const har = await (await fetch(`${base}/_wh-sim/api/export?format=har`)).text();
      const ndjson = await (await fetch(`${base}/_wh-sim/api/export?format=ndjson`)).text();
      await expect.poll(() => readFileSync(record, "utf8").trim().split("\n").length).toBe(3);
      for (const kept of [readFileSync(record, "utf8"), har, ndjson]) {
        const text = kept + Buffer.from(kept.match(/"body":"([^"]*)"/g)?.join("") ?? "", "base64").toString();
        for (const secret of [STRIPE_KEY, PLAID_SECRET, TRUV_SECRET]) expect(text).not.toContain(secret);
      }
      expect(readFileSync(record, "utf8")).toContain('["authorization","Bearer [redacted]"]');
    } finally {
      await listen.stop();
    }
  });

  it("are kept with --keep-credentials", async () => {
    const record = join(mkdtempSync(join(tmpdir(), "wh-sim-creds-")), "r.ndjson");
    const listen = startListenCli(["--record", record, "--keep-credentials"]);
    const base = await listen.ready;
    try {
      await callEveryApi(base);
      await listen.waitForLines(3);
      await expect.poll(() => readFileSync(record, "utf8").trim().split("\n").length).toBe(3);
      const lines = readFileSync(record, "utf8");
      expect(lines).toContain(STRIPE_KEY);
      expect(lines).toContain(TRUV_SECRET);
    } finally {
      await listen.stop();
    }
  });
});
