#!/usr/bin/env node
// Kept tiny so that `wh-sim` starts fast: everything else loads lazily. A CommonJS launcher: Node
// starts a CommonJS script faster than an ES module, which `--version` (answered right here) shows.
"use strict";

// Node 22+ caches compiled code between runs (a no-op where it is missing, as on Node 20).
require("node:module").enableCompileCache?.();

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
  // `--version` needs no command-line parser, nor any module of wh-sim's, nor even the console
  // (making process.stdout loads a dozen of Node's modules): one write to the descriptor.
  const line = `${require("../package.json").version}\n`;
  try {
    require("node:fs").writeSync(1, line);
  } catch (error) {
    // A pipe whose reader is busy takes it the usual way; one that is closed (EPIPE) needs nothing.
    if (error.code === "EAGAIN") process.stdout.write(line);
  }
} else {
  let cli;
  try {
    cli = require.resolve("../dist/bundle/cli.cjs");
  } catch (error) {
    console.error("wh-sim is not built: run `npm run build` (or `npm install`) first.\n" + error.message);
    process.exit(70);
  }
  // The bundle is minified: --debug's stack traces name the sources' files and lines.
  if (args.includes("--debug")) process.setSourceMapsEnabled(true);
  require(cli);
}
