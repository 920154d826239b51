// The container image (npm run build:image), built with buildah and run the only way these
// machines allow (no container runtime can start here: crun and runc are refused setrlimit): its
// entrypoint inside its own root filesystem (`buildah mount`, then `unshare --root`), as its user,
// with its environment. --version; the healthcheck; then a listener on all interfaces that a
// trigger from outside reaches, that answers the Stripe API, and whose control plane needs the token.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { has } from "../helpers/system-tools.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const buildah = (...args: string[]) => {
  const done = spawnSync("buildah", ["--storage-driver", "vfs", ...args], { encoding: "utf8" });
  expect(done.status, done.stderr).toBe(0);
  return done.stdout.trim();
};

describe.runIf(has("buildah"))("the container image", () => {
  let config: { User: string; Env: string[]; Entrypoint: string[]; Cmd: string[]; ExposedPorts: object; Volumes: object; Healthcheck: { Test: string[] } };
  let container: string;
  let rootfs: string;
  /** The image's entrypoint with these arguments, in its root filesystem, as its user, with its environment (and nothing of ours). */
  const inImage = (args: string[], extraEnv: string[] = []) => {
    const [uid, gid] = config.User.split(":");
    const env = Object.fromEntries([...config.Env, ...extraEnv].map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
    return ["unshare", ["--root", rootfs, "--setuid", uid!, "--setgid", gid!, ...config.Entrypoint, ...args], { env }] as const;
  };

  beforeAll(() => {
    // As npm run build:image does (the test lane built the sources first): the executable, then the image.
    for (const script of ["scripts/build-binary.mjs", "scripts/build-image.mjs"]) {
      const built = spawnSync(process.execPath, [script], { cwd: root, encoding: "utf8" });
      expect(built.status, built.stderr).toBe(0);
    }
    config = JSON.parse(buildah("inspect", "--type", "image", "wh-sim")).Docker.config;
    container = buildah("from", "wh-sim");
    rootfs = buildah("mount", container);
  }, 300_000);
  afterAll(() => {
    if (container) buildah("rm", container);
  });

  it("is FROM scratch with a non-root user, a volume, port 4242, a healthcheck and listen as its default command", () => {
    expect(config.User).toBe("10001:10001");
    expect(config.Entrypoint).toEqual(["/usr/local/bin/wh-sim"]);
    expect(config.Cmd).toEqual(["listen", "--host", "0.0.0.0", "--port", "4242"]);
    expect(Object.keys(config.ExposedPorts)).toEqual(["4242/tcp"]);
    expect(Object.keys(config.Volumes)).toEqual(["/data"]);
    expect(config.Env).toContain("WH_SIM_HOME=/data");
    expect(config.Healthcheck.Test).toEqual(["CMD", "/usr/local/bin/wh-sim", "health", "http://127.0.0.1:4242"]);
    // Nothing but wh-sim, the libraries it loads, certificates and the user's files.
    const files = spawnSync("find", [rootfs, "-type", "f"], { encoding: "utf8" }).stdout.trim().split("\n");
    const unexpected = files
      .map((f) => f.slice(rootfs.length))
      .filter(
        (f) =>
          !/^\/(usr\/local\/bin\/wh-sim|lib(64|\/[\w-]+)\/[\w.+-]+\.so[.\d]*|etc\/(passwd|group|ssl\/certs\/ca-certificates\.crt)|(home\/wh-sim|data)\/\.wh-sim|home\/wh-sim\/\.cache\/.*)$/.test(
            f,
          ),
      );
    expect(unexpected).toEqual([]);
  });

  it("runs its entrypoint: --version", () => {
    const [command, args, options] = inImage(["--version"]);
    const run = spawnSync(command, args, { ...options, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("its default command, on a free port: healthy, a trigger from outside verified, the Stripe API answered, the control plane behind the token", async () => {
    const token = "compose-shared-token-0123456789";
    const [command, args, options] = inImage([...config.Cmd.slice(0, -1), "0", "--json"], [`WH_SIM_TOKEN=${token}`]);
    const listener = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    try {
      let stderr = "";
      let stdout = "";
      listener.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      const port = await new Promise<string>((resolve, reject) => {
        listener.stderr.on("data", (d: Buffer) => {
          stderr += d.toString();
          const found = /listening on http:\/\/0\.0\.0\.0:(\d+)/.exec(stderr);
          if (found) resolve(found[1]!);
        });
        listener.once("exit", (code) => reject(new Error(`listen exited ${code}: ${stderr}`)));
      });
      const url = `http://127.0.0.1:${port}`;
      const [healthCommand, healthArgs, healthOptions] = inImage(["health", url]);
      expect(spawnSync(healthCommand, healthArgs, healthOptions).status).toBe(0);
      const sent = await runCli(["trigger", "stripe", "customer.created", "--url", `${url}/webhook`]);
      expect(sent.code, `${sent.stdout}${sent.stderr}`).toBe(0);
      await expect.poll(() => stdout).toMatch(/"verdict":\{"status":"valid"/);
      const customers = await fetch(`${url}/v1/customers`, { headers: { authorization: "Bearer sk_test_x" } });
      expect(customers.status).toBe(200);
      expect((await fetch(`${url}/_wh-sim/api/v1/secrets`)).status).toBe(401);
      expect((await fetch(`${url}/_wh-sim/api/v1/secrets`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      // What the APIs learnt is on the volume.
      listener.kill("SIGTERM");
      await new Promise((resolve) => listener.once("exit", resolve));
      expect(spawnSync("find", [`${rootfs}/data/world`, "-name", "*.json"], { encoding: "utf8" }).stdout).toMatch(/stripe-event/);
    } finally {
      listener.kill("SIGKILL");
    }
  });

  it("the compose example parses and points the app's provider base URLs at the wh-sim service", () => {
    const compose = parse(readFileSync(new URL("../../examples/compose/compose.yaml", import.meta.url), "utf8")) as {
      services: Record<string, { environment?: Record<string, string>; command?: string[]; build?: object }>;
    };
    expect(Object.keys(compose.services).sort()).toEqual(["app", "wh-sim"]);
    expect(compose.services["wh-sim"]!.command).toContain("--forward-to");
    expect(Object.values(compose.services.app!.environment!).filter((v) => v.startsWith("http://wh-sim:4242"))).not.toHaveLength(0);
  });
});
