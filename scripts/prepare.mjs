// `prepare` (npm runs it after `npm install`/`npm ci` in a clone, and when it installs wh-sim from a
// git URL, before packing it): build, unless a build is already there. A git install needs it
// (there is no dist/ in the repository); a clone gets `wh-sim` working right after `npm ci`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const root = new URL("../", import.meta.url);
if (existsSync(new URL("dist/bundle/cli.cjs", root))) process.exit(0);
// `npm install -g git+…` prepares the clone with `global` (and `omit=dev`) passed on in the
// environment: npm then installs its dependencies globally, not in the clone, and leaves the build
// tools out. The clone's own install, then its build, without them.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_(global|location|prefix|omit|include)$/i.test(name)));
const npm = (...args) => {
  const run = spawnSync("npm", args, { cwd: root, stdio: "inherit", env, shell: process.platform === "win32" });
  if (run.status !== 0) process.exit(run.status ?? 1);
};
if (!existsSync(new URL("node_modules/typescript/", root))) npm("install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", "--include=dev");
npm("run", "build");
