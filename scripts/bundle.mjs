#!/usr/bin/env node
// Bundles the command line (`bin/wh-sim.cjs` loads `dist/bundle/cli.js`) from tsc's output: Node 20
// has no compile cache, and resolving and compiling some fifty small ES modules is a large part of
// a command's start-up. Each command still loads lazily: code split at every `import()`.
// commander and chalk, which every command (or every coloured one) loads, go in; the dependencies
// only some features load stay outside and load from node_modules when used.
// Chunks sit in `dist/bundle/`, two levels under the package like every tsc module, so the paths
// modules find from `import.meta.url` (fixtures/, package.json) stay right.
import { readFileSync, rmSync } from "node:fs";
import { build } from "esbuild";

const root = new URL("../", import.meta.url);
const outdir = new URL("dist/bundle/", root).pathname;
const inside = new Set(["commander", "chalk"]);
const { dependencies } = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root.pathname,
  // A bulk trigger's helper threads start from their own entry, found next to the chunk that starts them.
  entryPoints: { cli: "dist/cli/main.js", thread: "dist/send/thread.js" },
  outdir,
  entryNames: "[name]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  external: Object.keys(dependencies).filter((name) => !inside.has(name)),
  // commander is CommonJS and requires Node's modules: an ES module has no `require` of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: "warning",
});
