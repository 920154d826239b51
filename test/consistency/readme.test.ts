// The README's and the reference's (docs/*.md) examples, as a new user copies them: every shell block is valid bash, every
// `wh-sim …` command in it is one the CLI accepts (its options and arguments parsed by the real
// program, nothing run), every YAML and JSON block parses (run and scenario files pass their
// schema), and nothing installs from the registry before wh-sim is published.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { createProgram } from "../../src/cli/program.js";
import { readScenarioFile } from "../../src/scenarios/file.js";
import { readRunFile } from "../../src/scenarios/run-file.js";

// The README is the front page; the reference moved to docs/: their blocks are checked alike.
const ROOT = new URL("../../", import.meta.url);
const PAGES = [
  "README.md",
  ...readdirSync(new URL("docs/", ROOT))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const texts = PAGES.map((page) => ({ page, text: readFileSync(new URL(page, ROOT), "utf8") }));
const blocks = texts.flatMap(({ page, text }) =>
  [...text.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1]!,
    text: m[2]!,
    line: `${page}:${text.slice(0, m.index).split("\n").length}`,
  })),
);
const dir = mkdtempSync(join(tmpdir(), "wh-sim-readme-"));

/** A shell line's words, as bash splits them (quotes kept together, `\` continuations joined). */
function words(line: string): string[] {
  const out: string[] = [];
  let word = "";
  let quote: string | undefined;
  let inWord = false;
  for (const c of line) {
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) out.push(word);
  return out;
}

/** Every `wh-sim …` command in the shell blocks: up to a pipe, `&&`, `;`, `&` or a comment. */
function commands(): { line: string; argv: string[] }[] {
  return blocks
    .filter((b) => b.lang === "sh")
    .flatMap((b) =>
      b.text
        .replace(/\\\n\s*/g, " ")
        .split("\n")
        .map((text, i) => ({ text, line: `${b.line}+${1 + i}` })),
    )
    .flatMap(({ text, line }) =>
      text
        .replace(/\s#.*$|^#.*$/, "")
        .split(/\s*(?:\|\||&&|\||;|\s\d?>>?|\s<|&)\s*/)
        .map((part) => words(part.trim()))
        .filter((w) => w[0] === "wh-sim" || (w[0] === "npx" && w[1] === "wh-sim"))
        .map((w) => ({ line, argv: w.slice(w[0] === "npx" ? 2 : 1) })),
    );
}

describe("the README's and docs/' examples", () => {
  it("has examples to check", () => {
    expect(blocks.filter((b) => b.lang === "sh").length).toBeGreaterThan(15);
    expect(commands().length).toBeGreaterThan(50);
  });

  it("every shell block is valid bash", () => {
    const bad = blocks
      .filter((b) => b.lang === "sh")
      .flatMap((b) => {
        const run = spawnSync("bash", ["-n"], { input: b.text, encoding: "utf8" });
        return run.status === 0 ? [] : [`${b.line}: ${run.stderr.trim()}`];
      });
    expect(bad).toEqual([]);
  });

  it("every wh-sim command is one the CLI accepts: its command, options and arguments", async () => {
    const refused: string[] = [];
    for (const { line, argv } of commands()) {
      const errors: string[] = [];
      const program = createProgram({ writeOut: () => undefined, writeErr: (text) => void errors.push(text) });
      // Parsed, never run: each command's action is replaced.
      for (const command of program.commands) command.action(() => undefined);
      try {
        await program.parseAsync(argv, { from: "user" });
      } catch (error) {
        const code = (error as { code?: string }).code ?? "";
        if (!/^commander\.(help|helpDisplayed|version)/.test(code))
          refused.push(`${line}: wh-sim ${argv.join(" ")}: ${errors.join(" ").trim() || (error as Error).message}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it("every YAML and JSON block parses; run files and scenario files pass their schema", async () => {
    // JSON with "…" is an illustration (a recording line, a header), not a file to copy.
    for (const b of blocks.filter((x) => x.lang === "yaml" || (x.lang === "json" && !x.text.includes("…")))) {
      const value = b.lang === "json" ? JSON.parse(b.text) : parse(b.text);
      expect(value, b.line).toBeTruthy();
      const steps = (value as { steps?: Record<string, unknown>[] }).steps;
      if (!steps) continue;
      const file = join(dir, `block-${b.line.replace(/\W/g, "-")}.yml`);
      writeFileSync(file, b.text);
      if (steps.some((s) => "trigger" in s || "scenario" in s)) await expect(readRunFile(file), b.line).resolves.toBeTruthy();
      else await expect(readScenarioFile(file, "stripe"), b.line).resolves.toBeTruthy();
    }
  });

  it("a code block that names a file of the repository on its first line is that file, as it is", () => {
    const named = blocks.filter((b) => /^\/\/ (test\/[\w/.-]+\.ts):/.test(b.text));
    expect(named.length).toBeGreaterThanOrEqual(2);
    for (const b of named) {
      const file = /^\/\/ (test\/[\w/.-]+\.ts):/.exec(b.text)![1]!;
      expect(b.text, `${b.line} is ${file}`).toBe(readFileSync(new URL(`../../${file}`, import.meta.url), "utf8"));
    }
  });

  it("every relative link points at a file of the repository", () => {
    const broken = texts.flatMap(({ page, text }) =>
      [...text.matchAll(/\]\(([^)\s#]+)(#[^)\s]*)?\)/g)]
        .map((m) => m[1]!)
        .filter((target) => !/^(https?|mailto):/.test(target))
        .filter((target) => !existsSync(new URL(target, new URL(page, ROOT))))
        .map((target) => `${page}: ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it("installs nothing from the registry before wh-sim is published, except where it says so", () => {
    const registry = /npx --yes wh-sim|npm (install|i)( -[DgS])* wh-sim\b|"wh-sim": "\^/;
    const offending = texts
      .flatMap(({ page, text }) => text.split("\n").map((line, i) => ({ text: line, line: `${page}:${i + 1}` })))
      .filter(({ text }) => registry.test(text) && !/once (wh-sim is |it is )?published/i.test(text));
    expect(offending).toEqual([]);
  });
});
