// The control plane through a real HTTP client: every operation and every error, each answer
// checked against the OpenAPI document the listener serves (itself validated as OpenAPI 3.1).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openListener, type ListenerSession } from "../../src/listen/session.js";
import { startTargetServer } from "../helpers/target-server.js";

let listener: ListenerSession;
let base: string;
let document: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: object }> }> }>> };
const ajv = new Ajv2020({ strict: false, allErrors: true });

/** A call, its answer's body checked against the document's schema for that path, method and status. */
async function call(method: string, name: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/_wh-sim/api/v1/${name}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  const json = res.headers.get("content-type")?.startsWith("application/json") ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  const path = document?.paths[`/_wh-sim/api/v1/${name.split("?")[0]}`]?.[method.toLowerCase()];
  const schema = path?.responses[String(res.status)]?.content?.["application/json"]?.schema;
  if (path && json && res.status !== 404 && res.status !== 405) {
    expect(schema, `${method} ${name} ${res.status} is documented`).toBeDefined();
    const valid = ajv.validate(schema!, json);
    expect(valid ? [] : ajv.errors, `${method} ${name} ${res.status} matches the document`).toEqual([]);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the answer its operation documents
  return { status: res.status, json: json as any, text };
}

beforeAll(async () => {
  listener = await openListener({ port: 0 });
  base = listener.url;
  document = (await (await fetch(`${base}/_wh-sim/api/v1/openapi.json`)).json()) as typeof document;
});
afterAll(() => listener.close());

describe("the control plane's OpenAPI document", () => {
  it("is valid OpenAPI 3.1 and is the one shipped in docs/", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    const { readFileSync } = await import("node:fs");
    expect(JSON.parse(readFileSync(new URL("../../docs/control-plane.openapi.json", import.meta.url), "utf8"))).toEqual({
      ...document,
      info: { ...(document as unknown as { info: object }).info, version: expect.any(String) },
    });
  });
});

describe("the control plane, driven over HTTP", () => {
  it("trigger with no url goes through the listener, signed with its secret: verified there, and listed by requests", async () => {
    const before = (await call("GET", "requests")).json.next as number;
    const sent = await call("POST", "trigger", { provider: "stripe", event: "financial_connections.account.refreshed_balance" });
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({ ok: true, deliveries: [{ provider: "stripe", status: 200, url: listener.webhookUrl }] });
    const id = sent.json.deliveries[0].id as string;
    const got = await call("POST", "wait", { id, after: before - 1, timeout_ms: 5000 });
    expect(got.json).toMatchObject({
      seq: before,
      kind: "webhook",
      provider: "stripe",
      event: "financial_connections.account.refreshed_balance",
      id,
      verdict: "valid",
    });
    const listed = await call("GET", `requests?provider=stripe&after=${before - 1}`);
    expect(listed.json.requests.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it("trigger to an app's URL, with edits, chaos and a count, answers each delivery's report as trigger --json prints it", async () => {
    const app = await startTargetServer((r) => ({ status: /"status":\s*"inactive"/.test(r.rawBody.toString()) ? 200 : 500 }));
    try {
      const sent = await call("POST", "trigger", {
        provider: "stripe",
        event: "financial_connections.account.deactivated",
        url: `${app.url}/hook`,
        set: { "data.object.status": "inactive" },
        count: 2,
      });
      expect(sent.json.ok).toBe(true);
      expect(sent.json.deliveries).toHaveLength(2);
      const forged = await call("POST", "trigger", { provider: "stripe", event: "customer.created", url: `${app.url}/hook`, chaos: ["tamper"] });
      expect(forged.json).toMatchObject({ ok: false, deliveries: [{ chaos: [expect.stringContaining("tamper")], status: 500, response_body: "" }] });
    } finally {
      await app.close();
    }
  });

  it("scenario sends a built-in scenario's steps, each reported", async () => {
    const sent = await call("POST", "scenario", { provider: "stripe", name: "fc-account-lifecycle", seed: "cp" });
    expect(sent.status).toBe(200);
    expect(sent.json.ok).toBe(true);
    expect(sent.json.deliveries.length).toBeGreaterThan(2);
    expect(sent.json.deliveries[0].step).toMatch(/^1\//);
  });

  it("wait times out with 408 and what did arrive", async () => {
    const { next } = (await call("GET", "requests")).json;
    const got = await call("POST", "wait", { provider: "truv", after: next - 1, timeout_ms: 50 });
    expect(got.status).toBe(408);
    expect(got.json.error.message).toMatch(/no truv request after request \d+ within 50 ms/);
    expect(got.json.error.arrived).toEqual([]);
  });

  it("secrets gives the test secrets in full and Plaid's public key", async () => {
    const { json } = await call("GET", "secrets");
    const stripe = json.secrets.find((s: { provider: string }) => s.provider === "stripe");
    expect(stripe.secret).toBe(listener.signingSecrets("stripe")![0]);
    const plaid = json.secrets.find((s: { provider: string }) => s.provider === "plaid");
    expect(plaid.public_key).toMatchObject({ alg: "ES256", kty: "EC", expired_at: null });
    expect(plaid.secret).toBeUndefined();
  });

  it.each([
    ["an unknown provider", "trigger", { provider: "strpe", event: "x" }, /unknown provider "strpe"/, /did you mean stripe/],
    ["an unknown event", "trigger", { provider: "stripe", event: "customer.creatd" }, /customer\.creatd/, /customer\.created/],
    ["a bad chaos name", "trigger", { provider: "stripe", event: "customer.created", chaos: ["tampr"] }, /tampr/, /tamper/],
    [
      "an unknown field",
      "trigger",
      { provider: "stripe", event: "customer.created", colour: 1 },
      /Unrecognized key: "colour".*trigger takes provider, event/,
      undefined,
    ],
    ["a missing field", "scenario", { provider: "stripe" }, /scenario: name/, undefined],
    ["a wrong type", "wait", { timeout_ms: "soon" }, /wait: timeout_ms/, undefined],
    ["an unknown provider to reset", "reset", { providers: ["strpe"] }, /unknown provider "strpe"/, /did you mean stripe/],
    ["a body that is not JSON", "trigger", "{nope", /not JSON/, /send a JSON object/],
  ])("%s is a 400 whose message names what is valid", async (_what, name, body, message, hint) => {
    const got = await call("POST", name, body);
    expect(got.status).toBe(400);
    expect(`${got.json.error.message} ${got.json.error.hint ?? ""}`).toMatch(message);
    if (hint) expect(`${got.json.error.message} ${got.json.error.hint ?? ""}`).toMatch(hint);
  });

  it("an unknown operation is a 404 naming the operations; a wrong method a 405 with Allow", async () => {
    const missing = await call("GET", "trigers");
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toMatch(/trigger, scenario, requests, wait, reset, secrets/);
    const res = await fetch(`${base}/_wh-sim/api/v1/trigger`);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });

  it("refuses a foreign Host and another site's page, as the inspector does", async () => {
    const { request } = await import("node:http");
    const ask = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${base}/_wh-sim/api/v1/secrets`, { headers }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on("error", reject);
        req.end();
      });
    expect(await ask({ host: "evil.example:4242" })).toBe(403);
    expect(await ask({ origin: "https://evil.example" })).toBe(403);
    expect(await ask({})).toBe(200);
  });
});

describe("reset", () => {
  it("leaves no document of the world and no capture behind", async () => {
    const home = process.env.WH_SIM_HOME!;
    // State in the world: a Stripe event remembered, a Plaid Item made through its API.
    await call("POST", "trigger", { provider: "stripe", event: "customer.created" });
    const item = await fetch(`${base}/sandbox/public_token/create`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_id: "c", secret: "s", institution_id: "ins_109508", initial_products: ["transactions"] }),
    });
    expect(item.status).toBe(200);
    await (await import("../../src/world.js")).worldWritten();
    const kinds = () => (existsSync(join(home, "world")) ? readdirSync(join(home, "world")).filter((k) => readdirSync(join(home, "world", k)).length) : []);
    expect(kinds()).toEqual(expect.arrayContaining(["stripe-event", "plaid-item"]));
    const only = await call("POST", "reset", { providers: ["plaid"] });
    expect(only.json).toEqual({ providers: ["plaid"] });
    expect(kinds().filter((k) => k.startsWith("plaid-"))).toEqual([]);
    expect(kinds()).toContain("stripe-event");
    const all = await call("POST", "reset");
    expect(all.json.providers).toEqual(["stripe", "plaid", "truv", "bridge", "standard"]);
    expect(kinds()).toEqual([]);
    expect((await call("GET", "requests")).json.requests).toEqual([]);
    expect(listener.received).toEqual([]);
  });

  it("the same webhook sent again after a reset is applied again", async () => {
    const body = { provider: "stripe", event: "customer.created", set: { id: "evt_resetAgain0001" } };
    await call("POST", "trigger", body);
    await call("POST", "reset", { providers: ["stripe"] });
    await call("POST", "trigger", body);
    await (await import("../../src/world.js")).worldWritten();
    expect(readdirSync(join(process.env.WH_SIM_HOME!, "world", "stripe-event"))).toContain("evt_resetAgain0001.json");
  });
});

describe("bound beyond loopback", () => {
  it("needs the run's token", async () => {
    const open = await openListener({ port: 0, host: "0.0.0.0", apis: false });
    try {
      const url = `http://127.0.0.1:${open.port}/_wh-sim/api/v1/secrets`;
      expect((await fetch(url)).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: `Bearer ${open.token}` } });
      expect(ok.status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
