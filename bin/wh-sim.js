#!/usr/bin/env node
// Kept tiny so that `wh-sim` starts fast: everything else loads lazily.
import * as nodeModule from "node:module";

// Node 22+ caches compiled code between runs (a no-op where it is missing, as on Node 20).
nodeModule.enableCompileCache?.();

const args = process.argv.slice(2);
// `--version` needs no command-line parser: the one small module that knows it, and go.
const versionOnly = args.length === 1 && (args[0] === "--version" || args[0] === "-v");
await import(versionOnly ? "../dist/bundle/version.js" : "../dist/bundle/cli.js").then(
  (loaded) => versionOnly && console.log(loaded.packageVersion()),
  (error) => {
    console.error("wh-sim is not built: run `npm run build` (or `npm install`) first.\n" + error.message);
    process.exit(70);
  },
);
