import { readFileSync } from "node:fs";

/** A known-answer file committed under test/vectors/ (each says where it came from). */
export function readVector<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), "utf8")) as T;
}
