import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The layers of docs/architecture.md, lowest first: a module may import its own layer or a lower one.
// The edges are three: I/O (HTTP, files, config), signing (credentials, chaos, a delivery, a
// scenario's steps), and the flows built on them (sending runs, the listener).
const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
const IO = /^(http\/|recording\/(format|parse|recorder|redact)\.ts$|(input|user-file|config|config-schema|world|defaults)\.ts$)/;
const SIGNING = /^(scenarios\/|recording\/resign\.ts$|(credentials|chaos|chaos-flags|delivery)\.ts$)/;
const LAYERS: [string, (path: string) => boolean][] = [
  ["lib", (p) => p.startsWith("lib/")],
  ["providers", (p) => p.startsWith("providers/")],
  ["events", (p) => p.startsWith("events/")],
  ["io", (p) => IO.test(p)],
  ["signing", (p) => SIGNING.test(p)],
  ["flows", (p) => /^(send|listen|operations)\//.test(p)],
  ["library", (p) => p === "index.ts" || p.startsWith("library/")],
  // Agents' front end: above the library (its listener), below the command line (which serves it).
  ["mcp", (p) => p.startsWith("mcp/")],
  ["cli", (p) => p.startsWith("cli/")],
];
const layerOf = (path: string) => {
  const index = LAYERS.findIndex(([, holds]) => holds(path));
  if (index < 0) throw new Error(`${path} is in no layer: add it to docs/architecture.md and this test`);
  return index;
};

const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => f.split("\\").join("/"));
const imports = (file: string) => [...readFileSync(join(SRC, file), "utf8").matchAll(/(?:from\s+|import\()"([^"]+)"/g)].map((m) => m[1]!);

describe("the source tree's layers", () => {
  it("every import goes to the same layer or a lower one", () => {
    const upward: string[] = [];
    for (const file of files) {
      for (const spec of imports(file).filter((s) => s.startsWith("."))) {
        const target = relative(SRC, resolve(SRC, dirname(file), spec)).replace(/\.js$/, ".ts");
        if (layerOf(target) > layerOf(file)) upward.push(`${file} → ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("providers are pure: no clock, no ambient randomness, no I/O (the Plaid key store is the one edge in their folder)", () => {
    const impure: string[] = [];
    for (const file of files.filter((f) => f.startsWith("providers/") && f !== "providers/plaid/key-store.ts")) {
      const text = readFileSync(join(SRC, file), "utf8");
      for (const spec of imports(file))
        if (/^(node:)?(fs|fs\/promises|http|https|net|child_process)$|^undici$/.test(spec)) impure.push(`${file} imports ${spec}`);
      for (const call of text.match(/Date\.now\(\)|new Date\(\)|Math\.random\(\)|process\.env/g) ?? []) impure.push(`${file} uses ${call}`);
    }
    expect(impure).toEqual([]);
  });

  it("no module imports itself back through others (a circle: shared types belong in a module of their own)", () => {
    const edges = new Map(
      files.map((file) => [
        file,
        imports(file)
          .filter((s) => s.startsWith("."))
          .map((spec) => relative(SRC, resolve(SRC, dirname(file), spec)).replace(/\.js$/, ".ts")),
      ]),
    );
    const circles: string[] = [];
    const done = new Set<string>();
    const walk = (file: string, path: string[]) => {
      for (const next of edges.get(file) ?? []) {
        const at = path.indexOf(next);
        if (at >= 0) circles.push([...path.slice(at), next].join(" → "));
        else if (!done.has(next)) walk(next, [...path, next]);
      }
      done.add(file);
    };
    for (const file of files) if (!done.has(file)) walk(file, [file]);
    expect(circles).toEqual([]);
  });

  it("knows every file's layer (a typo in a rule above cannot hide a file)", () => {
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) expect(() => layerOf(file)).not.toThrow();
  });
});
