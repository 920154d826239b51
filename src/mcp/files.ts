import { realpathSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { whSimHome } from "../lib/home.js";
import { WhSimError } from "../lib/errors.js";

/**
 * The folders MCP's tools may read files from (a run file, a scenario file): the working folder
 * and wh-sim's home, and those `--mcp-files` adds. An agent's caller is not always the user: a
 * tool that read any path would hand any file to whoever reaches the server.
 */
export function fileRoots(extra: readonly string[] = []): string[] {
  return [process.cwd(), whSimHome(), ...extra].map((root) => realOrResolved(root));
}

/** The file's real path when it lies under a root; otherwise a usage error that shows nothing of it. */
export function confinedFile(file: string, roots: readonly string[]): string {
  const real = realOrResolved(file);
  if (roots.some((root) => isUnder(real, root))) return real;
  throw new WhSimError(
    `${file} is outside the folders wh-sim's MCP tools may read (${roots.join(", ")})`,
    2,
    "put the file in the working folder, or start the server with --mcp-files <folder> to allow another",
  );
}

const isUnder = (path: string, root: string) => {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

function realOrResolved(path: string): string {
  try {
    // Real: a link inside a root that points outside it is outside.
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
