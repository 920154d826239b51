import { readFile } from "node:fs/promises";
import { UsageError } from "./lib/errors.js";
import { isObject, type JsonObject } from "./lib/json.js";
import type { HeaderMap } from "./providers/types.js";

/** A file the user named: its bytes, or a usage error that names the flag, the file and why. */
export async function readUserFile(flag: string, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : code === "EACCES" ? "permission denied" : (code ?? (error as Error).message);
    throw new UsageError(`${flag}: cannot read ${path} (${why})`);
  }
}

/** `--data '{"a":1}'` or `--data @file.json`: a JSON object. */
export async function readJsonObject(flag: string, value: string): Promise<JsonObject> {
  const text = await readInput(flag, value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} is not valid JSON: ${(error as Error).message}`, `${flag} takes a JSON object or @file.json`);
  }
  if (!isObject(parsed)) throw new UsageError(`${flag} must be a JSON object`);
  return parsed;
}

/** `@file` (or `-` for stdin) → the file's text; anything else is the text itself. */
export async function readInput(flag: string, value: string): Promise<string> {
  return value === "-" || value.startsWith("@") ? (await readBytes(flag, value)).toString("utf8") : value;
}

/** A file's exact bytes (`path` or `@path`), or stdin's for `-`. */
export async function readBytes(flag: string, path: string): Promise<Buffer> {
  if (path === "-" || path === "@-") {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  return readUserFile(flag, path.replace(/^@/, ""));
}

/** `Name: value` → [name, value]. */
export function parseHeaders(specs: readonly string[] = []): HeaderMap {
  const headers: HeaderMap = Object.create(null) as HeaderMap;
  for (const spec of specs) {
    const colon = spec.indexOf(":");
    const name = spec.slice(0, colon).trim();
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new UsageError(`bad header "${spec}"`, 'use --header "Name: value"');
    }
    headers[name] = spec.slice(colon + 1).trim();
  }
  return headers;
}
