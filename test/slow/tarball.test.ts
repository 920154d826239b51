import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const npm = (args: string[], cwd: string) =>
  execFileSync("npm", [...args, "--no-audit", "--no-fund"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

// The library as a user's project meets it: the packed tarball installed in a fresh package, and
// the README's example run there with vitest.
describe("the packed package, installed in a fresh project", () => {
  it("ships its type declarations, and the README's library example passes there", () => {
    const dir = mkdtempSync(join(tmpdir(), "wh-sim-tarball-"));
    npm(["pack", "--pack-destination", dir], ROOT);
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
    const app = join(dir, "app");
    execFileSync("mkdir", [app]);
    const vitest = JSON.parse(readFileSync(join(ROOT, "node_modules/vitest/package.json"), "utf8")).version as string;
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "my-app", private: true, type: "module" }));
    npm(["install", join(dir, tarball), `vitest@${vitest}`], app);
    const types = readFileSync(join(app, "node_modules/wh-sim/dist/index.d.ts"), "utf8");
    expect(types).toMatch(/export \{ listen, type Hook/);
    copyFileSync(join(ROOT, "test/library-example/webhooks.test.ts"), join(app, "webhooks.test.ts"));
    const out = execFileSync(join(app, "node_modules/.bin/vitest"), ["run"], { cwd: app, encoding: "utf8", env: { ...process.env, CI: "true" } });
    expect(out).toMatch(/3 passed/);
  });
});
