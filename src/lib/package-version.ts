import { readFileSync } from "node:fs";

/** wh-sim's own version, from its package.json (read when asked, not at start-up). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
