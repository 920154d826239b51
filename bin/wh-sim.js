#!/usr/bin/env node
// Kept tiny so that `wh-sim` starts fast: everything else loads lazily.
import * as nodeModule from "node:module";

// Node 22+ caches compiled code between runs (a no-op where it is missing, as on Node 20).
nodeModule.enableCompileCache?.();

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
  // The answer needs no command-line parser: read it and go.
  const { readFileSync } = await import("node:fs");
  console.log(JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version);
} else {
  await import("../dist/cli/main.js").catch((error) => {
    console.error("wh-sim is not built: run `npm run build` (or `npm install`) first.\n" + error.message);
    process.exit(70);
  });
}
