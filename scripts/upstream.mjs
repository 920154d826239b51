#!/usr/bin/env node
// `npm run upstream`: are the provider libraries and specs our catalogues come from still the
// newest? It asks the npm registry for each judge library and compares the Plaid spec in the
// reference with the one Plaid's own client was generated from.
//   npm run upstream                 report (exit 0; with --check, exit 1 when anything is newer)
//   npm run upstream -- --update     install the newer libraries of the same major, regenerate the
//                                    fixtures, run the consistency tests, and summarise what changed
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The libraries whose versions decide catalogues or judge what we send: name, and what follows from a newer one. */
export const LIBRARIES = [
  { name: "stripe", decides: "the Stripe catalogue, its default API version and every object's shape", regenerate: true },
  { name: "plaid", decides: "the Plaid client the interop tests use (and the spec version it was made from)", regenerate: false },
  { name: "standardwebhooks", decides: "the Standard Webhooks reference verifier", regenerate: false },
  { name: "svix", decides: "Svix's verifier", regenerate: false },
  { name: "jose", decides: "the JWT library Plaid's docs verify with", regenerate: false },
];

/** `a` newer than `b` (plain x.y.z, or Plaid's spec versions `2020-09-14_1.740.1`)? */
export function isNewer(a, b) {
  const parts = (v) => v.split(/[._-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    if (x[i] === undefined) return false;
    if (y[i] === undefined) return true;
    return typeof x[i] === "number" && typeof y[i] === "number" ? x[i] > y[i] : String(x[i]) > String(y[i]);
  }
  return false;
}

const major = (v) => Number(v.split(".")[0]);

/** The oldest Node the project supports: a release that needs more stays out. */
export const NODE_FLOOR = 20;

/**
 * What to say of one library: up to date, a newer release in the same major (updatable), a new
 * major (steps by hand), or held back because it needs a newer Node than the project's floor.
 */
export function judge(name, installed, latest, latestEngines = "") {
  if (!isNewer(latest, installed)) return { name, installed, latest, status: "current" };
  const needs = Number(/>=?\s*(\d+)/.exec(latestEngines)?.[1] ?? 0);
  if (needs > NODE_FLOOR) return { name, installed, latest, status: "held", reason: `needs Node ${latestEngines}; the project supports ${NODE_FLOOR}+` };
  return { name, installed, latest, status: major(latest) === major(installed) ? "update" : "new-major" };
}

/** Event names added and removed between two catalogues, and the required fields the newest shapes gained. */
export function catalogueChanges(before, after) {
  const [b, a] = [new Set(before), new Set(after)];
  return { added: [...a].filter((n) => !b.has(n)).sort(), removed: [...b].filter((n) => !a.has(n)).sort() };
}

/** The plain object keys one JSON value has and another lacks, as dot paths (what a regenerated fixture gained). */
export function addedPaths(before, after, prefix = "") {
  if (!after || typeof after !== "object" || Array.isArray(after)) return [];
  return Object.keys(after).flatMap((key) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!before || typeof before !== "object" || !(key in before)) return [path];
    return addedPaths(before[key], after[key], path);
  });
}

function installedVersion(name) {
  return JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
}

function latest(name) {
  // With several fields npm answers an object, but the version alone when the others are unset.
  const view = JSON.parse(execFileSync("npm", ["view", name, "version", "engines", "--json"], { encoding: "utf8" }));
  return typeof view === "string" ? { version: view, engines: "" } : { version: view.version, engines: view.engines?.node ?? "" };
}

/** The Plaid spec the fixtures come from, and the one the newest Plaid client was generated from. */
function plaidSpecs() {
  const reference = join(process.env.WH_SIM_REFERENCE ?? join(ROOT, "../shared/reference"), "plaid", "2020-09-14.yml");
  const ours = existsSync(reference) ? /^\s+version:\s*(\S+)/m.exec(readFileSync(reference, "utf8"))?.[1] : undefined;
  const client = /The version of the OpenAPI document: (\S+)/.exec(readFileSync(join(ROOT, "node_modules/plaid/dist/api.d.ts"), "utf8"))?.[1];
  return { ours, client };
}

function stripeCatalogue() {
  const text = readFileSync(join(ROOT, "src/providers/stripe/events.generated.ts"), "utf8");
  return [...text.matchAll(/^ {4}"name": "([^"]+)"/gm)].map((m) => m[1]);
}

function main(args) {
  const update = args.includes("--update");
  const results = LIBRARIES.map(({ name }) => {
    const newest = latest(name);
    return judge(name, installedVersion(name), newest.version, newest.engines);
  });
  const specs = plaidSpecs();
  for (const r of results) {
    const what = LIBRARIES.find((l) => l.name === r.name).decides;
    const state =
      r.status === "current"
        ? `current (${r.installed})`
        : r.status === "update"
          ? `${r.installed} → ${r.latest} available (npm run upstream -- --update)`
          : r.status === "held"
            ? `${r.installed} kept: ${r.latest} ${r.reason}`
            : `${r.installed} → ${r.latest}: a new major, taken by hand (${r.name === "stripe" ? 'CONTRIBUTING: "Move to the next Stripe release"' : `npm install -D ${r.name}@${major(r.latest)}, then npm test`})`;
    console.log(`${r.name.padEnd(17)} ${state}\n${" ".repeat(18)}${what}`);
  }
  const specBehind = specs.ours && specs.client && isNewer(specs.client, specs.ours);
  console.log(
    `plaid spec        ${specs.ours ? `fixtures from ${specs.ours}` : "reference not found (../shared/reference/plaid)"}; Plaid's client was made from ${specs.client}` +
      (specBehind
        ? `\n                  newer: the reference (../shared/reference/plaid/2020-09-14.yml) needs Plaid's newer spec; it is kept outside this repository`
        : ""),
  );
  const newer = results.filter((r) => r.status === "update" || r.status === "new-major");
  if (!update) {
    if (newer.length === 0) console.log("\nnothing newer to take: the catalogues are made from the newest libraries");
    if (args.includes("--check") && newer.length > 0) process.exitCode = 1;
    return;
  }
  const updatable = newer.filter((r) => r.status === "update");
  if (updatable.length === 0) return void console.log("\nnothing to update here");
  const before = stripeCatalogue();
  const fixtureBefore = new Map();
  const run = (command, argv) => {
    console.log(`\n$ ${command} ${argv.join(" ")}`);
    const result = spawnSync(command, argv, { cwd: ROOT, stdio: "inherit" });
    if (result.status !== 0) throw new Error(`${command} ${argv.join(" ")} failed (exit ${result.status})`);
  };
  for (const file of readdirSync(join(ROOT, "fixtures/stripe")).filter((f) => f.endsWith(".json"))) {
    fixtureBefore.set(file, JSON.parse(readFileSync(join(ROOT, "fixtures/stripe", file), "utf8")));
  }
  run("npm", ["install", "--no-audit", "--no-fund", "-D", ...updatable.map((r) => `${r.name}@${r.latest}`)]);
  if (updatable.some((r) => LIBRARIES.find((l) => l.name === r.name).regenerate)) run("npm", ["run", "generate"]);
  run("npx", ["vitest", "run", "test/consistency"]);
  const { added, removed } = catalogueChanges(before, stripeCatalogue());
  // A field every regenerated fixture of an object gained is one the new types made required.
  const gained = new Set(
    [...fixtureBefore].flatMap(([file, old]) => {
      const path = join(ROOT, "fixtures/stripe", file);
      return existsSync(path) ? addedPaths(old, JSON.parse(readFileSync(path, "utf8"))).map((p) => `${old.data?.object?.object ?? file} ${p}`) : [];
    }),
  );
  console.log(
    [
      "",
      "what changed:",
      ...updatable.map((r) => `  ${r.name} ${r.installed} → ${r.latest}`),
      `  Stripe event types added: ${added.join(", ") || "none"}; removed: ${removed.join(", ") || "none"}`,
      `  fields the fixtures gained (object, path): ${[...gained].sort().join("; ") || "none"}`,
      "  review `git diff --stat fixtures/`, then commit",
    ].join("\n"),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
