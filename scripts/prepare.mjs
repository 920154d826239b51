// `prepare` (npm runs it after `npm install`/`npm ci` in a clone, and when it installs wh-sim from a
// git URL, before packing it): build, unless a build is already there. A git install needs it
// (there is no dist/ in the repository); a clone gets `wh-sim` working right after `npm ci`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const built = new URL("../dist/bundle/cli.cjs", import.meta.url);
if (!existsSync(built)) {
  // Installed globally from a git URL, npm passes `global` on: `npm run` would then look for tsc
  // among the global commands, not in this clone's node_modules/.bin.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_(global|location|prefix)$/i.test(name)));
  const run = spawnSync("npm", ["run", "build"], { stdio: "inherit", env, shell: process.platform === "win32" });
  process.exit(run.status ?? 1);
}
