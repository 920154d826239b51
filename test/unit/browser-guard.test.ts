import type { IncomingMessage } from "node:http";
import { networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { createBrowserGuard, isLoopbackBinding } from "../../src/listen/browser-guard.js";

const request = (headers: Record<string, string>, url = "/_wh-sim/api/requests") => ({ headers, url }) as unknown as IncomingMessage;

describe("which requests the browser guard lets through", () => {
  const guard = createBrowserGuard({ boundHost: "127.0.0.1", port: 4242, allowedHosts: ["wh-sim.internal", ".tunnel.test"] });

  it.each([
    ["127.0.0.1:4242", true],
    ["localhost:4242", true],
    ["[::1]:4242", true],
    ["LocalHost:4242", true],
    ["wh-sim.internal", true],
    ["wh-sim.internal:9000", true],
    ["a.b.tunnel.test", true],
    ["tunnel.test", true],
    ["eviltunnel.test", false],
    ["localhost", false],
    ["localhost:4243", false],
    ["127.0.0.1.nip.io:4242", false],
    ["127.0.0.2:4242", false],
    ["localhost:4242@evil.example", false],
    ["evil.example:4242", false],
  ])("Host %s → %s", (host, ok) => {
    expect(guard.check(request({ host })) === undefined).toBe(ok);
  });

  it("an Origin must name the listener too; none is fine (a navigation, curl)", () => {
    expect(guard.check(request({ host: "localhost:4242", origin: "http://localhost:4242" }))).toBeUndefined();
    expect(guard.check(request({ host: "localhost:4242", origin: "http://evil.example" }))).toMatchObject({ status: 403 });
    expect(guard.check(request({ host: "localhost:4242", origin: "null" }))).toMatchObject({ status: 403 });
    expect(guard.check(request({ host: "localhost:4242", origin: "file://" }))).toMatchObject({ status: 403 });
  });

  it("on loopback there is no token; the listener's own URLs are its names with its port", () => {
    expect(guard.token).toBeUndefined();
    expect(guard.query).toBe("");
    expect(guard.isOwnUrl(new URL("http://localhost:4242/webhook"))).toBe(true);
    expect(guard.isOwnUrl(new URL("http://127.0.0.1:4243/webhook"))).toBe(false);
    expect(guard.isOwnUrl(new URL("https://localhost:4242/webhook"))).toBe(false);
  });
});

describe("a listener bound beyond loopback", () => {
  it("needs the per-run token, by query, header or the cookie named for its port", () => {
    const guard = createBrowserGuard({ boundHost: "0.0.0.0", port: 5000 });
    const other = createBrowserGuard({ boundHost: "0.0.0.0", port: 5000 });
    expect(guard.token).toBeDefined();
    expect(guard.token).not.toBe(other.token);
    const host = "127.0.0.1:5000";
    expect(guard.check(request({ host }))).toMatchObject({ status: 401 });
    expect(guard.check(request({ host }, `/_wh-sim/?token=${other.token}`))).toMatchObject({ status: 401 });
    expect(guard.check(request({ host }, `/_wh-sim/?token=${guard.token}`))).toBeUndefined();
    expect(guard.check(request({ host, "x-wh-sim-token": guard.token! }))).toBeUndefined();
    expect(guard.check(request({ host, cookie: `a=b; wh_sim_token_5000=${guard.token}` }))).toBeUndefined();
    expect(guard.check(request({ host, cookie: `wh_sim_token_5001=${guard.token}` }))).toMatchObject({ status: 401 });
    expect(guard.cookie).toMatch(/^wh_sim_token_5000=\S+; Path=\/_wh-sim\/; HttpOnly; SameSite=Strict$/);
  });

  it("bound to every interface, the machine's own addresses name it", () => {
    const guard = createBrowserGuard({ boundHost: "0.0.0.0", port: 5000 });
    const addresses = Object.values(networkInterfaces())
      .flat()
      .flatMap((i) => (i && i.family === "IPv4" ? [i.address] : []));
    for (const address of addresses) expect(guard.check(request({ host: `${address}:5000`, "x-wh-sim-token": guard.token! }))).toBeUndefined();
    expect(guard.check(request({ host: "evil.example:5000", "x-wh-sim-token": guard.token! }))).toMatchObject({ status: 403 });
  });

  it("loopback bindings are told apart from the rest", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) expect(isLoopbackBinding(host)).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.0.2.1", "example.com"]) expect(isLoopbackBinding(host)).toBe(false);
  });
});
