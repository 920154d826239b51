// The standalone executable's first code (Node's single-executable application: scripts/build-binary.mjs).
// Its payload is a whole installation of wh-sim — the launcher, the self-contained bundle, the
// fixtures, package.json — written once into the user's cache (one folder per payload, by its hash,
// written whole then renamed), and run from there as `bin/wh-sim.cjs` runs in a clone: the same
// code, the same paths, the same code cache. Nothing else is read from outside the executable.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const sea = require("node:sea");

const key = sea.getAsset("key", "utf8");
const cacheHome = (() => {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return xdg;
  try {
    const home = require("node:os").homedir();
    if (home && path.isAbsolute(home)) return path.join(home, ".cache");
  } catch {
    // No home folder (a container's user without one): the system's temporary folder.
  }
  return require("node:os").tmpdir();
})();
const root = path.join(cacheHome, "wh-sim", "sea", key);

if (!fs.existsSync(path.join(root, "package.json"))) {
  const payload = JSON.parse(sea.getAsset("payload", "utf8"));
  const temp = `${root}.${process.pid}.tmp`;
  for (const [file, base64] of Object.entries(payload.files)) {
    const target = path.join(temp, file);
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    fs.writeFileSync(target, Buffer.from(base64, "base64"), { mode: file.startsWith("bin/") ? 0o700 : 0o600 });
  }
  try {
    fs.renameSync(temp, root);
  } catch {
    // Another run wrote it first: theirs is the same.
    fs.rmSync(temp, { recursive: true, force: true });
  }
}
// As node runs bin/wh-sim.cjs: process.argv is [executable, executable, …arguments] here too.
require("node:module").createRequire(path.join(root, "bin", "wh-sim.cjs"))("./wh-sim.cjs");
