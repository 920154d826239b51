#!/usr/bin/env node
// Kept tiny so that `wh-sim --help` starts fast: everything else loads lazily.
import("../dist/cli/main.js").catch((error) => {
  console.error("wh-sim is not built: run `npm run build` (or `npm install`) first.\n" + error.message);
  process.exit(70);
});
