import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startTargetServer } from "../helpers/target-server.js";
import { has } from "../helpers/system-tools.js";

const dir = mkdtempSync(join(tmpdir(), "wh-sim-tls-"));

describe.runIf(has("openssl"))("HTTPS staging targets", () => {
  let server: ReturnType<typeof createServer>;
  let url: string;
  beforeAll(async () => {
    // A self-signed certificate for 127.0.0.1, like a staging host's private one.
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    server = createServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (req, res) => {
      req.resume();
      req.on("end", () => res.end("ok"));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it("refuses an untrusted certificate with a hint, and accepts it with --ca or --insecure", async () => {
    const refused = await runCli(["trigger", "stripe", "customer.created", "--url", url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/TLS certificate of https:\/\/127\.0\.0\.1:\d+ not trusted/);
    expect(refused.stderr).toContain("--ca");
    expect((await runCli(["trigger", "stripe", "customer.created", "--url", url, "--ca", join(dir, "cert.pem")])).code).toBe(0);
    expect((await runCli(["trigger", "stripe", "customer.created", "--url", url, "--insecure"])).code).toBe(0);
  });
});

describe("configuration: flags beat env, env beats wh-sim.config.json", () => {
  let app: Awaited<ReturnType<typeof startTargetServer>>;
  beforeAll(async () => (app = await startTargetServer()));
  afterAll(() => app.close());

  it("takes the url and secret from the config file, then env, then flags", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "wh-sim-config-"));
    writeFileSync(join(cwd, "wh-sim.config.json"), JSON.stringify({ url: `${app.url}/from-config`, providers: { stripe: { secret: "whsec_config" } } }));
    const header = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const run = await runCli(["trigger", "stripe", "customer.created", "--dry-run", "--seed", "1", ...args], {
        cwd,
        env: { WH_SIM_URL: "", WH_SIM_STRIPE_SECRET: "", ...env },
      });
      expect(run.code).toBe(0);
      return run.stdout.split("\n").slice(0, 6).join("\n");
    };
    const fromConfig = await header([]);
    expect(fromConfig).toContain(`POST ${app.url}/from-config`);
    const fromEnv = await header([], { WH_SIM_URL: `${app.url}/from-env`, WH_SIM_STRIPE_SECRET: "whsec_env" });
    expect(fromEnv).toContain(`POST ${app.url}/from-env`);
    expect(fromEnv.match(/v1=(\w+)/)![1]).not.toBe(fromConfig.match(/v1=(\w+)/)![1]);
    const fromFlags = await header(["--url", `${app.url}/from-flag`, "--secret", "whsec_env"], { WH_SIM_URL: `${app.url}/from-env` });
    expect(fromFlags).toContain(`POST ${app.url}/from-flag`);
    expect(fromFlags.match(/v1=(\w+)/)![1]).toBe(fromEnv.match(/v1=(\w+)/)![1]);
  });

  it("rejects an invalid config file with exit 2 and the field at fault", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "wh-sim-config-"));
    writeFileSync(join(cwd, "wh-sim.config.json"), JSON.stringify({ url: "not a url" }));
    const run = await runCli(["trigger", "stripe", "customer.created"], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("wh-sim.config.json: url:");
  });

  it("a listen address from the config file that does not work says it came from there", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "wh-sim-config-"));
    writeFileSync(join(cwd, "wh-sim.config.json"), JSON.stringify({ listen: { host: "10.255.255.1", port: 4999 } }));
    const run = await runCli(["listen"], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("(from listen.host and listen.port in wh-sim.config.json)");
  });
});

describe("HTTP(S)_PROXY", () => {
  it("sends through the proxy named in HTTP_PROXY (CONNECT tunnel), and not for hosts in NO_PROXY", async () => {
    const app = await startTargetServer(() => ({ status: 200, body: "from app" }));
    const { createServer: createHttpServer } = await import("node:http");
    const { connect } = await import("node:net");
    const tunnels: string[] = [];
    // A forward proxy that tunnels every CONNECT to the local app, whatever host was asked for.
    const proxy = createHttpServer();
    proxy.on("connect", (req, client) => {
      tunnels.push(req.url ?? "");
      const upstream = connect(app.port, "127.0.0.1", () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const env = { HTTP_PROXY: proxyUrl, http_proxy: proxyUrl, NO_PROXY: "", no_proxy: "" };
      const run = await runCli(["trigger", "stripe", "customer.created", "--url", "http://staging.wh-sim.test/webhook"], { env });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(tunnels).toEqual(["staging.wh-sim.test:80"]);
      const direct = await runCli(["trigger", "stripe", "customer.created", "--url", app.url], {
        env: { ...env, NO_PROXY: "127.0.0.1", no_proxy: "127.0.0.1" },
      });
      expect(direct.code).toBe(0);
      expect(tunnels).toHaveLength(1);
    } finally {
      proxy.close();
      await app.close();
    }
  });
});
