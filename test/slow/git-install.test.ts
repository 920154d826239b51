// wh-sim installed from a git URL, as `npm install -g git+https://…/wh-sim.git` does it: npm clones,
// prepares (scripts/prepare.mjs builds), packs and installs. Here the URL is this repository's
// (git+file://, its committed HEAD), into a fresh prefix; `--install-links` because npm links a
// file-protocol clone rather than packing it (with an https URL it packs).
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("npm install -g from a git URL", () => {
  it("builds on install, and the installed wh-sim runs demo", () => {
    const prefix = mkdtempSync(join(tmpdir(), "wh-sim-git-prefix-"));
    const install = spawnSync("npm", ["install", "-g", "--install-links", "--no-audit", "--no-fund", "--prefix", prefix, `git+file://${root}`], {
      encoding: "utf8",
      timeout: 300_000,
      cwd: tmpdir(),
    });
    expect(install.status, install.stderr).toBe(0);
    const demo = spawnSync(join(prefix, "bin", "wh-sim"), ["demo"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/5 of 5 providers delivered, detected and verified/);
  }, 320_000);
});
