import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { promisify } from "node:util";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, runCli } from "../helpers/cli.js";

const execFileAsync = promisify(execFile);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the command line's code cache", () => {
  it("is made by a command's first run, used by the next, and made again when it does not fit", async () => {
    const cacheHome = mkdtempSync(join(tmpdir(), "wh-sim-cache-"));
    dirs.push(cacheHome);
    const env = { XDG_CACHE_HOME: cacheHome };
    const folder = join(cacheHome, "wh-sim", "code-cache");
    const first = await runCli(["list", "stripe"], { env });
    expect(first.code).toBe(0);
    const [file] = readdirSync(folder);
    expect(file).toMatch(new RegExp(`^list-${process.version.replaceAll(".", "\\.")}-${process.arch}-[0-9a-f]{8}\\.bin$`));
    const made = readFileSync(join(folder, file!));
    expect(made.toString("latin1")).toMatch(/^wh-sim code cache 1 /);

    // Used as it is: the same output, the file untouched.
    const second = await runCli(["list", "stripe"], { env });
    expect(second).toEqual(first);
    expect(readFileSync(join(folder, file!))).toEqual(made);

    // Damaged past its key (V8 refuses it), or made for another build: the command runs, and the cache is made again.
    const key = made.subarray(0, made.indexOf(10) + 1);
    for (const bad of [
      Buffer.concat([key, Buffer.from("not V8's code cache")]),
      Buffer.concat([Buffer.from(key.toString().replace(/ \d+\n$/, " 1\n")), made.subarray(key.length)]),
    ]) {
      writeFileSync(join(folder, file!), bad);
      expect(await runCli(["list", "stripe"], { env })).toEqual(first);
      expect(readFileSync(join(folder, file!)).subarray(0, key.length)).toEqual(key);
    }
  });

  it("is kept apart for each installation: two used in turn do not make each other's again", async () => {
    const cacheHome = mkdtempSync(join(tmpdir(), "wh-sim-cache-"));
    dirs.push(cacheHome);
    // A second installation: its own launcher and bundle, the rest shared.
    const root = dirname(dirname(BIN));
    const other = mkdtempSync(join(tmpdir(), "wh-sim-install-"));
    dirs.push(other);
    cpSync(join(root, "bin"), join(other, "bin"), { recursive: true });
    mkdirSync(join(other, "dist"));
    cpSync(join(root, "dist", "bundle"), join(other, "dist", "bundle"), { recursive: true });
    for (const shared of ["package.json", "fixtures", "node_modules"]) symlinkSync(join(root, shared), join(other, shared));
    const run = async (bin: string) =>
      (await execFileAsync(process.execPath, [bin, "list", "standard"], { env: { ...process.env, XDG_CACHE_HOME: cacheHome, NO_COLOR: "1" } })).stdout;
    const folder = join(cacheHome, "wh-sim", "code-cache");
    const bins = [BIN, join(other, "bin", "wh-sim.cjs")];
    for (const bin of bins) expect(await run(bin)).toContain("standard");
    const files = readdirSync(folder).sort();
    expect(files).toHaveLength(2);
    const made = files.map((f) => readFileSync(join(folder, f)));
    for (const bin of bins) expect(await run(bin)).toContain("standard");
    expect(files.map((f) => readFileSync(join(folder, f)))).toEqual(made);
  });

  it("is not used with --debug, whose stack traces name the sources", async () => {
    const result = await runCli(["trigger", "stripe", "customer.created", "--url", "http://127.0.0.1:1/", "--debug"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/DeliveryError: nothing is listening/);
    expect(result.stderr).toMatch(/at .*src\/[\w/-]+\.ts:\d+:\d+/);
  });

  it("is never kept in the folder the command runs in (an empty HOME, a relative XDG_CACHE_HOME)", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "wh-sim-cwd-"));
    dirs.push(cwd);
    for (const env of [{ HOME: "", XDG_CACHE_HOME: "" }, { XDG_CACHE_HOME: "relative" }]) {
      const result = await runCli(["list", "standard"], { env, cwd });
      expect(result.code).toBe(0);
      expect(readdirSync(cwd)).toEqual([]);
    }
  });

  it("is done without when it cannot be written", async () => {
    const cacheHome = mkdtempSync(join(tmpdir(), "wh-sim-cache-"));
    dirs.push(cacheHome);
    // A file where the cache's folder would go.
    writeFileSync(join(cacheHome, "wh-sim"), "");
    const result = await runCli(["list", "standard"], { env: { XDG_CACHE_HOME: cacheHome } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("standard");
    expect(result.stderr).toBe("");
  });
});
