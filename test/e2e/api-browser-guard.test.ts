// The provider APIs and webhook paths as a DNS-rebinding page drives them (its own name in Host,
// same-origin fetch metadata) and as a cross-site page does: refused; a server-side client,
// also one in a container calling host.docker.internal: served.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startListenCli } from "../helpers/listen-cli.js";

let listen: ReturnType<typeof startListenCli>;
let port: number;
beforeAll(async () => {
  listen = startListenCli([]);
  port = Number(new URL(await listen.ready).port);
});
afterAll(() => listen.stop());

function raw(method: string, path: string, headers: Record<string, string>, body = ""): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method, path, headers: { "content-length": String(Buffer.byteLength(body)), ...headers }, setHost: false },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (d: string) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** What a rebinding page's fetch carries: its own name, same-origin fetch metadata. */
const rebinding = () => ({ host: `evil.example:${port}`, origin: `http://evil.example:${port}`, "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors" });
const STRIPE_KEY = { authorization: "Bearer sk_test_rebind" };
const PLAID = JSON.stringify({
  client_id: "c",
  secret: "s",
  institution_id: "ins_109508",
  initial_products: ["transactions"],
  options: { webhook: "http://evil.example/x" },
});

describe("a page that rebinds its name to 127.0.0.1", () => {
  it("reads no stored Stripe event and registers no endpoint", async () => {
    expect((await raw("GET", "/v1/events", { ...rebinding(), ...STRIPE_KEY })).status).toBe(403);
    const endpoint = await raw(
      "POST",
      "/v1/webhook_endpoints",
      { ...rebinding(), ...STRIPE_KEY, "content-type": "application/x-www-form-urlencoded" },
      "url=http://evil.example/x&enabled_events[]=*",
    );
    expect(endpoint.status).toBe(403);
    expect(endpoint.body).toMatch(/--allowed-host evil\.example/);
  });

  it("fires no Plaid webhook, with text/plain or JSON", async () => {
    expect((await raw("POST", "/sandbox/public_token/create", { ...rebinding(), "content-type": "text/plain" }, PLAID)).status).toBe(403);
    expect((await raw("POST", "/sandbox/public_token/create", { ...rebinding(), "content-type": "application/json" }, PLAID)).status).toBe(403);
  });

  it("relays nothing through the webhook path", async () => {
    expect((await raw("GET", "/webhook", { host: `evil.example:${port}` })).status).toBe(403);
  });
});

describe("a cross-site page, under the listener's own name", () => {
  it("is refused by its Origin, or by Sec-Fetch-Site when it sends no Origin", async () => {
    const own = { host: `127.0.0.1:${port}` };
    expect((await raw("GET", "/v1/events", { ...own, ...STRIPE_KEY, origin: "https://evil.example" })).status).toBe(403);
    expect((await raw("GET", "/v1/events", { ...own, ...STRIPE_KEY, "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" })).status).toBe(403);
  });

  it("Plaid's API takes only application/json, as Plaid does", async () => {
    const answer = await raw("POST", "/sandbox/public_token/create", { host: `127.0.0.1:${port}`, "content-type": "text/plain" }, PLAID);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "INVALID_HEADERS" });
  });
});

describe("server-side clients", () => {
  it("are served under the listener's names and host.docker.internal (an app in a container)", async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, "127.0.0.1", `host.docker.internal:${port}`]) {
      expect((await raw("GET", "/v1/events", { host, ...STRIPE_KEY })).status, host).toBe(200);
      expect((await raw("POST", "/sandbox/public_token/create", { host, "content-type": "application/json" }, PLAID)).status, host).toBe(200);
      expect((await raw("POST", "/webhook", { host, "content-type": "application/json" }, "{}")).status, host).toBe(200);
    }
  });
});
