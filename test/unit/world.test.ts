import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fileWorld, worldWritten } from "../../src/world.js";

const homes: string[] = [];
const freshHome = () => {
  const home = mkdtempSync(join(tmpdir(), "wh-sim-world-"));
  homes.push(home);
  return home;
};
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe("the providers' world on disk", () => {
  it("is read back by another process's view as soon as it is put", () => {
    const home = freshHome();
    fileWorld(home).put("item", "a", { n: 1 });
    expect(fileWorld(home).get("item", "a")).toEqual({ n: 1 });
    expect(fileWorld(home).list("item")).toEqual(["a"]);
  });

  it("keeps a document whose name would leave its folder, or cannot name a file, inside its folder under its hash", async () => {
    for (const writeBehind of [false, true]) {
      const home = freshHome();
      const world = fileWorld(home, { writeBehind });
      const odd = ["../escape", `cus_${"x".repeat(300)}`, "1e+308", "a/b"];
      for (const id of odd) world.put("item", id, { id });
      await worldWritten();
      expect(readdirSync(join(home, "world")).sort()).toEqual(["item"]);
      const files = readdirSync(join(home, "world", "item"));
      expect(files).toHaveLength(odd.length);
      expect(files.every((f) => /^~[0-9a-f]{64}\.json$/.test(f))).toBe(true);
      for (const id of odd) expect(fileWorld(home).get("item", id)).toEqual({ id });
      // What list gives, get takes back.
      for (const listed of fileWorld(home).list("item")) expect(fileWorld(home).get<{ id: string }>("item", listed)?.id).toBeDefined();
    }
    expect(() => fileWorld(freshHome()).put("../kind", "a", {})).toThrow(/not a world document kind/);
  });
});

describe("the listener's write-behind world", () => {
  it("answers from its own writes at once, then has them on disk, each document written once with its last value", async () => {
    const home = freshHome();
    const world = fileWorld(home, { writeBehind: true });
    const doc = { n: 1 };
    world.put("item", "a", doc);
    doc.n = 99; // the caller's object changing later does not change what was put
    world.put("item", "b", { n: 2 });
    world.put("item", "b", { n: 3 });

    expect(world.get("item", "a")).toEqual({ n: 1 });
    expect(world.get("item", "b")).toEqual({ n: 3 });
    expect(world.list("item")).toEqual(["b", "a"]);
    // Nothing waited for the disk: another process does not see it yet.
    expect(fileWorld(home).get("item", "b")).toBeUndefined();

    await worldWritten();
    const other = fileWorld(home);
    expect(other.get("item", "a")).toEqual({ n: 1 });
    expect(other.get("item", "b")).toEqual({ n: 3 });
    expect(new Set(other.list("item"))).toEqual(new Set(["a", "b"]));
    expect(readdirSync(join(home, "world", "item")).sort()).toEqual(["a.json", "b.json"]); // no temporary file left
  });

  it("keeps a document put while an earlier write of it is under way", async () => {
    const home = freshHome();
    const world = fileWorld(home, { writeBehind: true });
    world.put("item", "a", { n: 1 });
    await new Promise((resolve) => setImmediate(resolve)); // the first write has started
    world.put("item", "a", { n: 2 });
    expect(world.get("item", "a")).toEqual({ n: 2 });
    await worldWritten();
    expect(JSON.parse(readFileSync(join(home, "world", "item", "a.json"), "utf8"))).toEqual({ n: 2 });
  });

  it("writes again into its folder when that folder was removed under it", async () => {
    const home = freshHome();
    const world = fileWorld(home, { writeBehind: true });
    world.put("item", "a", { n: 1 });
    await worldWritten();
    rmSync(join(home, "world"), { recursive: true });
    world.put("item", "b", { n: 2 });
    await worldWritten();
    expect(fileWorld(home).get("item", "b")).toEqual({ n: 2 });
  });

  it("keeps a document it could not write, answers from it, and writes it once the disk takes it", async () => {
    const home = freshHome();
    // The folder the document goes in cannot be made: a file stands in its place.
    mkdirSync(join(home, "world"), { recursive: true });
    writeFileSync(join(home, "world", "item"), "");
    const world = fileWorld(home, { writeBehind: true });
    world.put("item", "a", { n: 1 });
    // A listener closing on a failing disk is not held up by it.
    await worldWritten();
    expect(world.get("item", "a")).toEqual({ n: 1 });
    expect(existsSync(join(home, "world", "item", "a.json"))).toBe(false);
    rmSync(join(home, "world", "item"));
    await vi.waitFor(() => expect(existsSync(join(home, "world", "item", "a.json"))).toBe(true), { timeout: 5000, interval: 50 });
    expect(fileWorld(home).get("item", "a")).toEqual({ n: 1 });
  });

  it("never stops writing for one document it cannot write: the others are written, that one given up after 3 tries and said", async () => {
    const home = freshHome();
    mkdirSync(join(home, "world"), { recursive: true });
    writeFileSync(join(home, "world", "blocked"), "");
    const warnings: string[] = [];
    const world = fileWorld(home, { writeBehind: true, warn: (m) => void warnings.push(m) });
    world.put("blocked", "a", { n: 1 });
    for (let i = 0; i < 40; i++) world.put("item", `doc${i}`, { i });
    await worldWritten();
    // Written in the same batches as the failing one, not after it.
    expect(readdirSync(join(home, "world", "item"))).toHaveLength(40);
    await vi.waitFor(() => expect(warnings).toHaveLength(1), { timeout: 5000, interval: 50 });
    expect(warnings[0]).toMatch(/^could not write blocked\/a of the offline world \(E[A-Z]+\); it is kept in memory until the listener stops$/);
    expect(await worldWritten()).toEqual(["blocked/a"]);
    world.put("item", "after", { ok: true });
    await worldWritten();
    expect(fileWorld(home).get("item", "after")).toEqual({ ok: true });
  });

  it("is bounded: past its most documents of a kind, a new one is refused with what to clear, the ones it holds still written", async () => {
    const home = freshHome();
    const world = fileWorld(home, { writeBehind: true, maxDocuments: 3 });
    for (const id of ["a", "b", "c"]) world.put("item", id, { id });
    expect(() => world.put("item", "d", {})).toThrow(
      new RegExp(`holds 3 item documents, its most: clear ${join(home, "world", "item").replaceAll("/", "\\/")} to keep new ones`),
    );
    world.put("item", "a", { id: "a", again: true });
    world.put("other", "x", {});
    await worldWritten();
    expect(fileWorld(home).get("item", "a")).toEqual({ id: "a", again: true });
    expect(() => fileWorld(home, { maxDocuments: 3 }).put("item", "e", {})).toThrow(/its most/);
  });
});
