import { readFile } from "node:fs/promises";
import { UsageError } from "./errors.js";
import { isObject } from "./fixtures/edit.js";
import type { EventChoice } from "./fixtures/find-event.js";
import { createRandom } from "./fixtures/random.js";
import { renderEvent } from "./fixtures/render.js";
import type { Credentials, HeaderMap, JsonObject, Provider, ProviderOptions } from "./providers/types.js";

/** With --seed and no --at, events are dated at this fixed instant so the bytes repeat. */
export const SEEDED_CLOCK = new Date(1_700_000_000_000);

export interface PrepareInput {
  readonly choice: EventChoice;
  readonly credentials: Credentials;
  readonly options: ProviderOptions;
  readonly now: Date;
  readonly seed?: string;
  readonly customBody?: string;
  readonly data?: JsonObject;
  readonly overrides?: readonly string[];
  readonly extraHeaders?: HeaderMap;
}

export interface PreparedDelivery {
  readonly event: string;
  readonly id?: string;
  readonly body: string;
  readonly headers: HeaderMap;
}

/** Renders the event and signs the exact bytes. */
export async function prepareDelivery(provider: Provider, input: PrepareInput): Promise<PreparedDelivery> {
  const random = createRandom(input.seed);
  const rendered = await renderEvent(provider, { ...input, random });
  const signed = provider.sign(rendered.body, { credentials: input.credentials, now: input.now, random, options: input.options });
  return { ...rendered, headers: withExtraHeaders(signed, input.extraHeaders ?? {}, provider.signatureHeaders) };
}

/** `--header` adds headers or replaces the provider's (case-insensitively), but never a signature. */
function withExtraHeaders(signed: HeaderMap, extra: HeaderMap, signatureHeaders: readonly string[]): HeaderMap {
  const kept = Object.entries(extra).filter(([name]) => !signatureHeaders.includes(name.toLowerCase()));
  const replaced = new Set(kept.map(([name]) => name.toLowerCase()));
  return { ...Object.fromEntries(Object.entries(signed).filter(([name]) => !replaced.has(name.toLowerCase()))), ...Object.fromEntries(kept) };
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
  try {
    return await readFile(path.replace(/^@/, ""));
  } catch {
    throw new UsageError(`${flag}: cannot read ${path.replace(/^@/, "")}`);
  }
}

/** `Name: value` → [name, value]. */
export function parseHeaders(specs: readonly string[] = []): HeaderMap {
  const headers: HeaderMap = {};
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
