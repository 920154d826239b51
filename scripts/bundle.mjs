#!/usr/bin/env node
// Bundles the command line (`bin/wh-sim.cjs` requires `dist/bundle/cli.cjs`) from tsc's output.
// One CommonJS file: Node resolves and links ES modules one by one (some forty chunk files were a
// third of a trigger's start-up on Node 26), while a `require` of one file is one read, and the
// compile cache the launcher enables covers it. Each command still loads lazily: esbuild wraps every
// module in a function run on first use, and the dependencies only some features need stay outside
// (node_modules), required or imported when used. commander and chalk go in.
// Bulk sends' helper threads start from their own entry (`thread.js`, an ES module), found next to
// the bundle that starts them. Both sit in `dist/bundle/`, two levels under the package like every
// tsc module, so the paths modules find from `import.meta.url` (fixtures/, package.json) stay right.
import { readFileSync, rmSync } from "node:fs";
import { build } from "esbuild";

const root = new URL("../", import.meta.url);
const outdir = new URL("dist/bundle/", root).pathname;
const inside = new Set(["commander", "chalk"]);
const { dependencies } = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
const common = {
  absWorkingDir: root.pathname,
  outdir,
  entryNames: "[name]",
  bundle: true,
  platform: "node",
  target: "node20",
  sourcemap: true,
  // Fewer bytes to read and hash for the compile cache (and to parse on Node 20, which has none);
  // names are kept, and `--debug` maps stack traces back to the sources.
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
 * `await import("node:net")` in the sources (an ES module library must import) would stay a dynamic
 * import in the bundle: Node's ES-module loader starts for it and builds the builtin's facade
 * (~3 ms of a trigger on Node 26). In the CommonJS bundle it is a `require`.
 */
const builtinsRequired = {
  name: "builtins-required",
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => (args.kind === "dynamic-import" ? { path: args.path, namespace: "builtin" } : undefined));
    build.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: "js" }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { cli: "dist/cli/main.js" },
  plugins: [lazyChildProcess, builtinsRequired],
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
