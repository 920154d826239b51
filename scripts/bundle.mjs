#!/usr/bin/env node
// Bundles the command line (`bin/wh-sim.cjs` requires `dist/bundle/cli.cjs`) from tsc's output.
// One CommonJS file: Node resolves and links ES modules one by one (some forty chunk files were a
// third of a trigger's start-up on Node 26), while one file is one read, and the launcher runs it
// from its code cache. Each command still loads lazily: esbuild wraps every module in a function run
// on first use, and the dependencies only some features need stay outside (node_modules), required
// when used. commander and chalk go in.
// Bulk sends' helper threads start from their own entry (`thread.js`, an ES module), found next to
// the bundle that starts them. Both sit in `dist/bundle/`, two levels under the package like every
// tsc module, so the paths modules find from `import.meta.url` (fixtures/, package.json) stay right.
// `--self-contained <dir>`: every dependency inside too, written to <dir> (the standalone
// executable's payload, scripts/build-binary.mjs: it has no node_modules to require from).
import { readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "esbuild";

const root = new URL("../", import.meta.url);
const selfContained = process.argv[2] === "--self-contained";
const outdir = selfContained ? `${resolve(process.argv[3])}/` : new URL("dist/bundle/", root).pathname;
const { dependencies } = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
const inside = new Set(selfContained ? Object.keys(dependencies) : ["commander", "chalk"]);
const common = {
  absWorkingDir: root.pathname,
  outdir,
  entryNames: "[name]",
  bundle: true,
  platform: "node",
  target: "node20",
  sourcemap: !selfContained,
  // Fewer bytes to read and parse; names are kept, and `--debug` maps stack traces back to the sources.
  minifyWhitespace: true,
  minifySyntax: true,
  external: Object.keys(dependencies).filter((name) => !inside.has(name)),
  logLevel: "warning",
};

/**
 * commander requires `node:child_process` when it loads, for executable subcommands wh-sim has none
 * of; loading it loads net, dgram and the streams (~6 ms on Node 26). commander gets a stand-in that
 * requires it on first use.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: "child_process", namespace: "lazy" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy" }, () => ({
      contents: 'let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require("node:child_process"))[key] });',
      loader: "js",
    }));
  },
};

/**
 * A dynamic `import()` in the sources (an ES module library imports builtins and optional
 * dependencies so) is a `require` in the CommonJS bundle: no ES-module loader is started for it
 * (~3 ms of a trigger on Node 26, a builtin's facade built), and the launcher can run the bundle
 * from V8's code cache (a script run that way cannot import on Node 20). Every dependency so
 * imported ships a CommonJS build.
 */
const importsRequired = {
  name: "imports-required",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === "dynamic-import" && (args.path.startsWith("node:") || common.external.includes(args.path))
        ? { path: args.path, namespace: "required" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "required" }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: "js" }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { cli: "dist/cli/main.js" },
  plugins: [lazyChildProcess, importsRequired],
  format: "cjs",
  outExtension: { ".js": ".cjs" },
  // Modules find their files from import.meta.url: the bundle's own URL, under CommonJS.
  define: { "import.meta.url": "__bundleUrl" },
  banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
});
await build({
  ...common,
  entryPoints: { thread: "dist/send/thread.js" },
  format: "esm",
  // commander is CommonJS and requires Node's modules: an ES module has no `require` of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
// The launcher runs the bundle as a script (for its code cache): it must import nothing.
if (/\bimport\(/.test(readFileSync(`${outdir}cli.cjs`, "utf8")))
  throw new Error("dist/bundle/cli.cjs has a dynamic import(): make it a require (see importsRequired)");
