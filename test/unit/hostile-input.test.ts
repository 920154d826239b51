import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { applyEdit, deepMerge, setPath } from "../../src/events/edit.js";
import { renderEvent } from "../../src/events/render.js";
import { headerMap } from "../../src/http/hop-by-hop.js";
import { parseHeaders, readJsonObject } from "../../src/input.js";
import type { JsonObject } from "../../src/lib/json.js";
import { createRandom } from "../../src/lib/random.js";
import { onDefaultListener } from "../../src/defaults.js";
import { standard } from "../../src/providers/standard/index.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { parseRecording } from "../../src/recording/parse.js";

// Every JSON input wh-sim reads, with keys that would reach Object.prototype if assigned naively.
const POISON = [
  '{"__proto__":{"insecure":true,"polluted":1}}',
  '{"constructor":{"prototype":{"insecure":true,"polluted":1}}}',
  '{"prototype":{"insecure":true}}',
];
const clean = () => {
  const probe = {} as Record<string, unknown>;
  expect(probe.insecure).toBeUndefined();
  expect(probe.polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty("insecure");
};
afterEach(() => {
  delete (Object.prototype as Record<string, unknown>).insecure;
  delete (Object.prototype as Record<string, unknown>).polluted;
});

describe("no JSON input touches a prototype", () => {
  it.each(POISON)("--data %s merges as data", async (poison) => {
    const data = await readJsonObject("--data", poison);
    const { body } = await renderEvent(stripe, { choice: { name: "customer.created" }, now: new Date(), random: createRandom(1), options: {}, data });
    clean();
    const sent = JSON.parse(body) as JsonObject;
    expect(Object.keys(sent)).toContain(Object.keys(JSON.parse(poison) as object)[0]);
  });

  it.each(POISON)("--payload with --data %s merges as data", async (poison) => {
    const data = await readJsonObject("--data", poison);
    await renderEvent(stripe, { choice: { name: "customer.created" }, now: new Date(), random: createRandom(1), options: {}, customBody: '{"a":{}}', data });
    clean();
  });

  it("deepMerge and setPath set own properties only", () => {
    const target: JsonObject = { a: {} };
    deepMerge(target, JSON.parse(POISON[0]!) as JsonObject);
    deepMerge(target, JSON.parse(POISON[1]!) as JsonObject);
    setPath(target, ["a", "__proto__"], { insecure: true }, true);
    clean();
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(target.a)).toBe(Object.prototype);
    expect(() => applyEdit({ a: {} }, { kind: "set", spec: "constructor.prototype.insecure=true" })).toThrow(/has no "constructor"/);
    applyEdit(target, { kind: "add", spec: "b.__proto__.insecure=true" });
    clean();
  });

  it.each(POISON)("a config file %s is refused, field named", async (poison) => {
    const dir = mkdtempSync(join(tmpdir(), "wh-sim-proto-"));
    writeFileSync(join(dir, "c.json"), poison);
    await expect(loadConfig("c.json", dir)).rejects.toThrow(/c\.json/);
    writeFileSync(join(dir, "p.json"), `{"providers":${poison}}`);
    await expect(loadConfig("p.json", dir)).rejects.toThrow(/p\.json/);
    clean();
  });

  it.each(POISON)("a recording line with %s is refused, line named", (poison) => {
    const line = JSON.stringify({
      v: 1,
      time: "2026-01-01T00:00:00.000Z",
      method: "POST",
      path: "/",
      headers: [["__proto__", "x"]],
      body: "",
      verdict: { status: "unchecked" },
    });
    expect(parseRecording(`${line}\n`, "r.ndjson")[0]!.headers).toEqual([["__proto__", "x"]]);
    expect(() => parseRecording(`${line}\n${line.replace("{", `{"extra":${poison},`)}\n`, "r.ndjson")).toThrow(
      /r\.ndjson:2: not a recording line \(the key "(__proto__|constructor|prototype)" is not allowed\)/,
    );
    clean();
  });

  it("header maps have no prototype: a header named constructor or __proto__ is a header", () => {
    const map = headerMap([
      ["constructor", "a"],
      ["__proto__", "b"],
      ["Stripe-Signature", "c"],
    ]);
    expect(map.constructor).toBe("a");
    expect(Object.getOwnPropertyDescriptor(map, "__proto__")?.value).toBe("b");
    expect(parseHeaders(["__proto__: x"])["__proto__"]).toBe("x");
    clean();
  });
});

describe("a recorded path is only ever a path", () => {
  it.each([
    ["/webhook?x=1", "http://localhost:4242/webhook?x=1"],
    ["@evil.example:80/x", "http://localhost:4242/@evil.example:80/x"],
    ["//evil.example/x", "http://localhost:4242//evil.example/x"],
    ["http://evil.example/x", "http://localhost:4242/http://evil.example/x"],
    ["*", "http://localhost:4242/*"],
  ])("%s → %s", (path, url) => {
    expect(onDefaultListener(path)).toBe(url);
    expect(new URL(onDefaultListener(path)).host).toBe("localhost:4242");
  });
});

describe("Standard Webhooks verification does bounded work", () => {
  it("hashes once per secret: 100 entries whose last is right are valid, as the reference library says; a header over 64 KiB is refused", () => {
    const body = JSON.stringify({ type: "ping", data: Buffer.alloc(1024 * 1024, 97).toString() });
    const now = new Date();
    const headers = Object.fromEntries(
      Object.entries(standard.sign(body, { credentials: { kind: "hmac", secrets: [standard.testSecret] }, now, random: createRandom(1), options: {} })).map(
        ([k, v]) => [k.toLowerCase(), v],
      ),
    );
    const padded = { ...headers, "webhook-signature": `${"v1,AAAA ".repeat(99)}${headers["webhook-signature"]}` };
    expect(standard.verify(Buffer.from(body), padded, { secrets: [standard.testSecret], now })).toEqual({ ok: true });
    // The judge: the Standard Webhooks reference library accepts the same header.
    expect(() => new Webhook(standard.testSecret).verify(body, padded)).not.toThrow();
    const flood = { ...headers, "webhook-signature": `${"v1,AAAA ".repeat(9000)}${headers["webhook-signature"]}` };
    expect(standard.verify(Buffer.from(body), flood, { secrets: [standard.testSecret], now })).toMatchObject({ ok: false, reason: "malformed" });
  });
});

describe("how a received body reads", () => {
  it("is JSON, text or binary as its bytes say, whatever their encoding tricks", async () => {
    const { classifyBody } = await import("../../src/listen/inspect.js");
    expect(classifyBody(Buffer.from('{"a":"é"}'))).toEqual({ kind: "json", json: { a: "é" } });
    // A byte order mark is dropped before parsing, as a TextDecoder drops it.
    expect(classifyBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]))).toEqual({ kind: "json", json: { a: 1 } });
    expect(classifyBody(Buffer.from("plain words\n"))).toEqual({ kind: "text" });
    expect(classifyBody(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]))).toEqual({ kind: "binary" }); // invalid UTF-8
    expect(classifyBody(Buffer.from([0xed, 0xa0, 0x80]))).toEqual({ kind: "binary" }); // an encoded surrogate
    expect(classifyBody(Buffer.from("a\u0001b"))).toEqual({ kind: "binary" });
    // A view into a larger buffer reads only its own bytes.
    const pool = Buffer.from('xx{"b":2}yy');
    expect(classifyBody(pool.subarray(2, 9))).toEqual({ kind: "json", json: { b: 2 } });
    expect(classifyBody(new Uint8Array(0))).toEqual({ kind: "empty" });
  });
});
