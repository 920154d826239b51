import { readFileSync, statSync } from "node:fs";
import { UsageError } from "./lib/errors.js";
import { isObject, type JsonObject } from "./lib/json.js";
import type { HeaderMap } from "./providers/types.js";

/** A file the user named: its bytes, or a usage error that names the flag, the file and why. */
export async function readUserFile(flag: string, path: string): Promise<Buffer> {
  try {
    return readFileSync(path);
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

/**
 * A JSON input given on the command line: `-` (stdin), `@file`, a file that exists, or the JSON
 * text itself. Anything else is a usage error, never sent as it is (`--payload event.json` with
 * a typo in the file name must not become the body "event.json").
 */
export async function readInput(flag: string, value: string): Promise<string> {
  if (value === "-" || value.startsWith("@")) return (await readBytes(flag, value)).toString("utf8");
  if (isFile(value)) return (await readUserFile(flag, value)).toString("utf8");
  try {
    JSON.parse(value);
    return value;
  } catch (error) {
    if (/^\s*[[{"]/.test(value)) throw new UsageError(`${flag} is not valid JSON: ${(error as Error).message}`, `${flag} takes JSON, @file.json or - (stdin)`);
    throw new UsageError(
      `${flag}: "${value.length > 60 ? `${value.slice(0, 60)}…` : value}" is neither a file, - (stdin), nor JSON`,
      `e.g. ${flag} @event.json, or ${flag} '{"a":1}'`,
    );
  }
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
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

/**
 * `localhost:3000/webhook` (as the Stripe CLI accepts it) means `http://localhost:3000/webhook`; a
 * URL with a scheme is left as it is. What has no host is a usage error, never sent anywhere: a bare
 * port (`3000` would be the address 0.0.11.184), `:3000`, or a path. `what` names where it came from.
 */
export function withScheme(url: string, what = "--url"): string {
  const noHost = /^:?(\d{1,5})(\/.*)?$/.exec(url) ?? (/^\//.test(url) ? [url, "3000", url] : null);
  if (noHost) {
    throw new UsageError(`${what} ${url} names no host`, `did you mean http://localhost:${noHost[1]}${noHost[2] ?? "/webhook"}?`);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  return /^(localhost|\[[0-9a-f:.]+\]|[a-z0-9-]+(\.[a-z0-9-]+)*)(:\d{1,5})?(\/|\?|$)/i.test(url) ? `http://${url}` : url;
}
