// The inspector's browser-facing side, tried as an attacker would: a page elsewhere whose name was
// rebound to 127.0.0.1 (a foreign Host), a cross-origin page (a foreign Origin), anyone on the
// network when bound beyond loopback (no token), and replays that would sign an attacker's body.
import { request } from "node:http";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startListenCli } from "../helpers/listen-cli.js";
import { startTargetServer } from "../helpers/target-server.js";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with exactly these headers (fetch will not set Host): what a browser sends after rebinding. */
function raw(base: string, path: string, headers: Record<string, string>, method = "GET", body?: string): Promise<Answer> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers, setHost: false }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const SECRET = "whsec_userStagingSecretForTheInspectorTest";
const dir = mkdtempSync(join(tmpdir(), "wh-sim-inspector-security-"));
const record = join(dir, "record.ndjson");
let listen: ReturnType<typeof startListenCli>;
let base: string;
let port: string;
let attacker: Awaited<ReturnType<typeof startTargetServer>>;

beforeAll(async () => {
  attacker = await startTargetServer(() => ({ status: 200, body: "thanks" }));
  listen = startListenCli([
    "--ui",
    "--secret",
    `stripe=${SECRET}`,
    "--record",
    record,
    "--allowed-host",
    "host.docker.internal",
    "--allowed-host",
    ".proxy.test",
  ]);
  base = await listen.ready;
  port = new URL(base).port;
  await listen.waitForStderr(/inspector: /);
  const sent = await runCli(["trigger", "stripe", "customer.created", "--secret", SECRET, "--url", `${base}/webhook`]);
  expect(sent.code, sent.stderr).toBe(0);
});
afterAll(async () => {
  await listen.stop();
  await attacker.close();
});

const ROUTES: [string, string, string?][] = [
  ["GET", "/_wh-sim/"],
  ["GET", "/_wh-sim/api/requests"],
  ["GET", "/_wh-sim/api/requests/1"],
  ["GET", "/_wh-sim/api/stream"],
  ["GET", "/_wh-sim/api/search?q=customer"],
  ["GET", "/_wh-sim/api/export?format=ndjson"],
  ["GET", "/_wh-sim/api/export?format=har"],
  ["POST", "/_wh-sim/api/requests/1/replay"],
];

describe("a foreign Host or Origin gets no data, no replay and no signature", () => {
  it.each(["evil.example", "evil.example:PORT", "127.0.0.1.nip.io:PORT", "localtest.me:PORT", "127.0.0.1:1", "localhost", "[::2]:PORT", ""])(
    "Host %j is refused on every inspector route, saying how to allow it",
    async (hostTemplate) => {
      const host = hostTemplate.replace("PORT", port);
      for (const [method, path] of ROUTES) {
        const headers: Record<string, string> = host ? { host } : {};
        const body = method === "POST" ? JSON.stringify({ mode: "edited", body: '{"forged":true}', url: attacker.url }) : undefined;
        if (body) headers["content-type"] = "application/json";
        const answer = await raw(base, path, headers, method, body);
        expect([403, 421, 400], `${method} ${path} under Host ${host}`).toContain(answer.status);
        expect(answer.body).not.toContain("customer.created");
        if (answer.status === 403) expect(answer.body).toContain("--allowed-host");
      }
      expect(attacker.received).toHaveLength(0);
    },
  );

  it("the rebinding attack itself: an edited replay to the attacker's URL is refused, nothing is signed or sent", async () => {
    const answer = await raw(
      base,
      "/_wh-sim/api/requests/1/replay",
      { host: `evil.example:${port}`, "content-type": "application/json" },
      "POST",
      JSON.stringify({ mode: "edited", body: '{"id":"evt_forged","type":"payout.paid"}', url: attacker.url, confirmed: true }),
    );
    expect(answer.status).toBe(403);
    expect(attacker.received).toHaveLength(0);
  });

  it.each(["http://evil.example", `http://evil.example:${"PORT"}`, "null", `http://127.0.0.1.nip.io:PORT`, "http://localhost:1"])(
    "Origin %j is refused on every inspector route, even with the listener's own Host",
    async (originTemplate) => {
      const origin = originTemplate.replace("PORT", port);
      for (const [method, path] of ROUTES) {
        const answer = await raw(
          base,
          path,
          { host: `127.0.0.1:${port}`, origin, "content-type": "application/json" },
          method,
          method === "POST" ? "{}" : undefined,
        );
        expect(answer.status, `${method} ${path} from ${origin}`).toBe(403);
      }
    },
  );

  it("the listener's own names, its own Origin and the allowed hosts are answered", async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `LOCALHOST:${port}`,
      `[::1]:${port}`,
      "host.docker.internal:8080",
      "a.proxy.test",
      "proxy.test:443",
    ]) {
      const answer = await raw(base, "/_wh-sim/api/requests", { host });
      expect(answer.status, host).toBe(200);
      expect(JSON.parse(answer.body)).toHaveLength(1);
    }
    const same = await raw(base, "/_wh-sim/api/requests", { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` });
    expect(same.status).toBe(200);
    // Refusals are told once on the listener's stderr, so a user who meant it sees how to allow it.
    expect(listen.stderr).toMatch(
      /warning: inspector refused GET \/_wh-sim\/ \(Host evil\.example:\d+\): not this listener's name \(--allowed-host evil\.example allows it\)/,
    );
  });

  it("webhook paths answer host.docker.internal (an app in Docker) and refuse a name of another's (DNS rebinding), and serve no secret", async () => {
    const lines = readFileSync(record, "utf8").trim().split("\n").length;
    const webhook = await raw(base, "/webhook", { host: "host.docker.internal:4242", "content-type": "application/json" }, "POST", '{"type":"x"}');
    expect(webhook.status).toBe(200);
    const rebound = await raw(base, "/webhook", { host: "some-container:4242", "content-type": "application/json" }, "POST", '{"type":"x"}');
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatch(/--allowed-host some-container/);
    const key = await raw(base, "/webhook_verification_key/get", { host: "evil.example", "content-type": "application/json" }, "POST", '{"key_id":"nope"}');
    expect(key.status).toBe(403);
    expect(key.body).not.toContain(SECRET);
    await expect.poll(() => readFileSync(record, "utf8").trim().split("\n").length).toBe(lines + 3);
    expect(readFileSync(record, "utf8")).not.toContain("/_wh-sim/");
  });
});

describe("a replay beyond this listener and its forward target needs the user's confirmation", () => {
  const replay = (body: object) =>
    raw(base, "/_wh-sim/api/requests/1/replay", { host: `127.0.0.1:${port}`, "content-type": "application/json" }, "POST", JSON.stringify(body));

  it("is refused (428) without it, sent with it, and the listener itself needs none", async () => {
    const unconfirmed = await replay({ mode: "resign", url: attacker.url });
    expect(unconfirmed.status).toBe(428);
    expect(JSON.parse(unconfirmed.body)).toMatchObject({ needsConfirmation: true });
    expect(attacker.received).toHaveLength(0);
    const confirmed = await replay({ mode: "resign", url: attacker.url, confirmed: true });
    expect(JSON.parse(confirmed.body)).toMatchObject({ status: 200 });
    expect(attacker.received).toHaveLength(1);
    // What the user agreed to send is a delivery their staging would verify: that is why it asks.
    const sent = attacker.received[0]!;
    expect(() => new Stripe("sk_test_x").webhooks.constructEvent(sent.rawBody, sent.headers["stripe-signature"]!, SECRET)).not.toThrow();
    for (const own of [`${base}/webhook`, `http://localhost:${port}/webhook`]) {
      expect(JSON.parse((await replay({ mode: "exact", url: own })).body)).toMatchObject({ status: 200 });
    }
  });

  it("the forward target needs none", async () => {
    const app = await startTargetServer(() => ({ status: 200, body: "ok" }));
    const forwarding = startListenCli(["--ui", "--forward-to", app.url]);
    try {
      const url = await forwarding.ready;
      await runCli(["trigger", "stripe", "customer.created", "--url", `${url}/webhook`]);
      const answer = await fetch(`${url}/_wh-sim/api/requests/1/replay`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ mode: "resign", url: `${app.url}/webhook` }),
      });
      expect(await answer.json()).toMatchObject({ status: 200 });
    } finally {
      await forwarding.stop();
      await app.close();
    }
  });
});

describe("bound beyond loopback, the inspector needs the run's token", () => {
  it("refuses without it (401), answers through the banner's URL, then by the cookie it set", async () => {
    const open = startListenCli(["--ui", "--host", "0.0.0.0"]);
    try {
      const url = await open.ready;
      await open.waitForStderr(/inspector: \S+\?token=\S+/);
      const page = /inspector: (\S+)/.exec(open.stderr)![1]!;
      const token = new URL(page).searchParams.get("token")!;
      expect(token.length).toBeGreaterThanOrEqual(24);
      const local = `http://127.0.0.1:${new URL(url).port}`;
      for (const [, path] of ROUTES.filter(([m]) => m === "GET")) {
        expect((await raw(local, path, { host: `127.0.0.1:${new URL(url).port}` })).status, path).toBe(401);
      }
      expect((await raw(local, "/_wh-sim/api/requests?token=wrong", { host: `127.0.0.1:${new URL(url).port}` })).status).toBe(401);
      const first = await raw(local, `/_wh-sim/?token=${token}`, { host: new URL(page).host });
      expect(first.status).toBe(200);
      const cookie = String(first.headers["set-cookie"]).split(";")[0]!;
      expect(String(first.headers["set-cookie"])).toMatch(/HttpOnly; SameSite=Strict/);
      const next = await raw(local, "/_wh-sim/api/requests", { host: new URL(page).host, cookie });
      expect(next.status).toBe(200);
      // The token does not open the door to a foreign Host.
      expect((await raw(local, `/_wh-sim/api/requests?token=${token}`, { host: "evil.example" })).status).toBe(403);
      const restarted = startListenCli(["--ui", "--host", "0.0.0.0"]);
      try {
        await restarted.waitForStderr(/inspector: \S+\?token=\S+/);
        // A per-run token: another run has another.
        expect(/\?token=(\S+)/.exec(restarted.stderr)![1]).not.toBe(token);
      } finally {
        await restarted.stop();
      }
    } finally {
      await open.stop();
    }
  });

  it("on loopback no token is asked for, and none is printed", () => {
    expect(listen.stderr).toMatch(/inspector: http:\/\/127\.0\.0\.1:\d+\/_wh-sim\/\n/);
  });
});
