// The standalone executable (npm run build:binary) on a machine without Node: `node` hidden from
// /usr/bin (and /bin, its link) by an overlay whiteout in a private mount namespace, as a machine
// that never installed it, not a stub that fails. --version, demo, and a listener that a trigger
// from the same executable reaches and that answers the Stripe API.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const binary = join(root, "dist", "bin", `wh-sim-${process.platform}-${process.arch}`);

/** Runs a bash script in a mount namespace of its own where `node` does not exist. */
function withoutNode(script: string, env: Record<string, string> = {}) {
  const overlay = mkdtempSync(join(tmpdir(), "wh-sim-no-node-"));
  const hide = [
    `mkdir -p ${overlay}/upper ${overlay}/work`,
    `mknod ${overlay}/upper/node c 0 0`,
    `mount -t overlay overlay -o lowerdir=/usr/bin,upperdir=${overlay}/upper,workdir=${overlay}/work /usr/bin`,
    `if command -v node >/dev/null || [ -e /usr/local/bin/node ]; then echo "node is still here" >&2; exit 99; fi`,
  ].join(" && ");
  return spawnSync("unshare", ["-m", "bash", "-c", `${hide} && ${script}`], {
    encoding: "utf8",
    timeout: 60_000,
    env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME: mkdtempSync(join(tmpdir(), "wh-sim-home-")), NO_COLOR: "1", ...env },
  });
}

describe.runIf(process.platform === "linux")("the standalone executable on a machine without Node", () => {
  beforeAll(() => {
    const built = spawnSync(process.execPath, ["scripts/build-binary.mjs"], { cwd: root, encoding: "utf8" });
    expect(built.status, built.stderr).toBe(0);
    expect(existsSync(binary)).toBe(true);
  }, 300_000);

  it("--version and demo", () => {
    const version = withoutNode(`"${binary}" --version`);
    expect(version.stderr).toBe("");
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const demo = withoutNode(`"${binary}" demo`);
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/5 of 5 providers delivered, detected and verified/);
  });

  it("listen, then a trigger into it and a call to its Stripe API", () => {
    const script = `
      "${binary}" listen --port 0 --json > out.ndjson 2> err.txt &
      for i in $(seq 100); do grep -q "listening on" err.txt && break; sleep 0.1; done
      url=$(grep -o "http://127.0.0.1:[0-9]*" err.txt | head -1)
      "${binary}" trigger stripe financial_connections.account.refreshed_balance --url "$url/webhook" --json > trigger.json || exit 3
      account=$(grep -o '"fca_[A-Za-z0-9]*' out.ndjson | head -1 | tr -d '"')
      "${binary}" trigger stripe customer.created --url "$url/webhook" >/dev/null || exit 4
      exec 3<>/dev/tcp/127.0.0.1/\${url##*:}
      printf 'GET /v1/customers HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nAuthorization: Bearer sk_test_x\\r\\nConnection: close\\r\\n\\r\\n' >&3
      cat <&3 > api.txt
      kill %1; wait
      cat trigger.json; echo; head -c 300 api.txt; echo; grep -c '"verdict":{"status":"valid"' out.ndjson
    `;
    const dir = mkdtempSync(join(tmpdir(), "wh-sim-binary-"));
    const run = withoutNode(`cd ${dir} && {
${script}
}`);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/"ok":true/);
    expect(run.stdout).toMatch(/HTTP\/1.1 200/);
    expect(run.stdout.trim().split("\n").at(-1)).toBe("2");
  });
});
