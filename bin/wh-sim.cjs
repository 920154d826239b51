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
  // The bundle is minified: --debug's stack traces name the sources' files and lines (Node maps
  // a required file's stack, not a script's run from the code cache).
  if (args.includes("--debug")) {
    process.setSourceMapsEnabled(true);
    require(cli);
  } else runWithCodeCache(cli, args[0]);
}

/**
 * Runs the bundle with V8's code cache for this command, made after the command ran: Node's own
 * compile cache is made right after compiling, so it holds the top level only, and every run
 * compiled again each function the command calls (~10 ms of a trigger). One cache per command and
 * Node and installation, under the user's cache folder, for this bundle (its size and time); a
 * cache that does not fit is made again, one that cannot be written is done without.
 */
function runWithCodeCache(file, command) {
  const vm = require("node:vm");
  if (!vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER) return require(file);
  const fs = require("node:fs");
  const path = require("node:path");
  const Module = require("node:module");
  const { size, mtimeMs } = fs.statSync(file);
  const key = `wh-sim code cache 1 ${process.version} ${process.arch} ${size} ${mtimeMs}\n`;
  const name = /^[a-z][a-z-]{0,19}$/.test(command ?? "") ? command : "other";
  // The user's own cache folder: code run from a folder others can write to would be theirs to choose.
  // A relative folder (an empty HOME, a relative XDG_CACHE_HOME) would be wherever the command runs.
  let cacheHome;
  try {
    const xdg = process.env.XDG_CACHE_HOME;
    cacheHome = xdg && path.isAbsolute(xdg) ? xdg : path.join(require("node:os").homedir(), ".cache");
  } catch {
    // No home folder: nowhere to keep a cache.
  }
  if (!cacheHome || !path.isAbsolute(cacheHome)) return require(file);
  // One per installation too: two used in turn (a global one and a project's) would each find the other's.
  const cacheFile = path.join(cacheHome, "wh-sim", "code-cache", `${name}-${process.version}-${process.arch}-${fnv1a(file)}.bin`);
  let cachedData;
  try {
    const saved = fs.readFileSync(cacheFile);
    if (saved.subarray(0, key.length).toString("latin1") === key) cachedData = saved.subarray(key.length);
  } catch {
    // None yet: this run makes it.
  }
  // The shebang becomes a comment of the same length: what V8 checks a cache against includes the length.
  const source = fs.readFileSync(file, "utf8").replace(/^#!/, "//");
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  if (!cachedData || script.cachedDataRejected) {
    process.once("exit", () => {
      // Written whole, then renamed: a command started meanwhile reads the old cache or the new one.
      const temp = `${cacheFile}.${process.pid}.tmp`;
      try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
        fs.writeFileSync(temp, Buffer.concat([Buffer.from(key, "latin1"), script.createCachedData()]), { mode: 0o600 });
        fs.renameSync(temp, cacheFile);
      } catch {
        // A read-only or full cache folder: the next run compiles as this one did, and no half-written file stays.
        try {
          fs.unlinkSync(temp);
        } catch {
          // It was never made.
        }
      }
    });
  }
  // Run as Node runs a CommonJS file: its own module, and a require that resolves from its folder.
  const bundle = new Module(file, module);
  bundle.filename = file;
  script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, path.dirname(file));
}

/** A short name for a path: 32-bit FNV-1a, in hex (node:crypto would load ~7 ms of Node 26 for commands that need none of it). */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}
