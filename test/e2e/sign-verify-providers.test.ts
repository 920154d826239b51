import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startTargetServer } from "../helpers/target-server.js";

const dir = mkdtempSync(join(tmpdir(), "wh-sim-sign-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("wh-sim sign and verify, offline, for every HMAC provider", () => {
  it.each([
    ["stripe", "whsec_abc"],
    ["truv", "truv-secret"],
    ["bridge", "bridge-secret"],
    ["standard", "whsec_c2VjcmV0LWJ5dGVz"],
  ])("%s: sign's headers verify; a changed body does not", async (provider, secret) => {
    const body = file(`${provider}.json`, '{"type":"x.y","event_type":"link-connected","id":"evt_1"}');
    const signed = await runCli(["sign", provider, "--body", body, "--secret", secret, "--json"]);
    expect(signed.code).toBe(0);
    const headers = Object.entries(JSON.parse(signed.stdout) as Record<string, string>).flatMap(([k, v]) => ["-H", `${k}: ${v}`]);
    const ok = await runCli(["verify", provider, "--body", body, "--secret", secret, ...headers]);
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringContaining("✔ valid") });
    const changed = file(`${provider}-changed.json`, '{"type":"x.y","event_type":"link-connected","id":"evt_2"}');
    const bad = await runCli(["verify", provider, "--body", changed, "--secret", secret, ...headers]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/invalid: .*\(mismatch\)/);
    expect(bad.stderr).toContain("hint:");
  });
});

describe("wh-sim trigger for Truv, Bridge and Standard Webhooks", () => {
  let app: Awaited<ReturnType<typeof startTargetServer>>;
  beforeAll(async () => (app = await startTargetServer()));
  afterAll(() => app.close());

  it("truv link-disconnected sends Truv's headers and body", async () => {
    const next = app.nextRequest();
    expect((await runCli(["trigger", "truv", "link-disconnected", "--url", app.url])).code).toBe(0);
    const { headers, rawBody } = await next;
    expect(headers["user-agent"]).toBe("Truv-Webhook-Service/2.0");
    expect(headers["x-webhook-sign"]).toMatch(/^v1=[0-9a-f]{64}$/);
    const event = JSON.parse(rawBody.toString());
    expect(event).toMatchObject({ event_type: "link-disconnected", webhook_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(Math.abs(Date.parse(event.event_created_at) - Date.now())).toBeLessThan(60_000);
  });

  it("bridge item.account.updated uses ms timestamps, integer ids, and the chosen API version", async () => {
    const next = app.nextRequest();
    expect((await runCli(["trigger", "bridge", "item.account.updated", "--url", app.url, "-s", "a", "-s", "b"])).code).toBe(0);
    const { headers, rawBody } = await next;
    expect(headers["bridgeapi-signature"]).toMatch(/^v1=[0-9A-F]{64},v1=[0-9A-F]{64}$/);
    const event = JSON.parse(rawBody.toString());
    expect(Math.abs(event.timestamp - Date.now())).toBeLessThan(60_000);
    expect(Number.isInteger(event.content.item_id)).toBe(true);
    const old = app.nextRequest();
    expect((await runCli(["trigger", "bridge", "item.refreshed", "--api-version", "2021.06.01", "--timestamp-unit", "s", "--url", app.url])).code).toBe(0);
    const refreshed = JSON.parse((await old).rawBody.toString());
    expect(refreshed.content).not.toHaveProperty("authentication_expires_at");
    expect(Math.abs(refreshed.timestamp - Date.now() / 1000)).toBeLessThan(60);
    const unknown = await runCli(["trigger", "bridge", "item.created", "--api-version", "2020.01.01"]);
    expect(unknown.code).toBe(2);
  });

  it("standard <any event> --payload @file sends the file's exact bytes, accepted by standardwebhooks", async () => {
    const secret = "whsec_dGVzdC1zZWNyZXQtZm9yLXN0YW5kYXJk";
    const payload = '{"type": "invoice.paid",\n "data": {"id": "in_1", "amount": 4200}}';
    const next = app.nextRequest();
    const run = await runCli(["trigger", "standard", "invoice.paid", "--payload", `@${file("event.json", payload)}`, "--secret", secret, "--url", app.url, "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ provider: "standard", event: "invoice.paid", ok: true });
    const { headers, rawBody } = await next;
    expect(rawBody.toString()).toBe(payload);
    expect(new Webhook(secret).verify(rawBody.toString(), headers as Record<string, string>)).toMatchObject({ type: "invoice.paid" });
  });
});
