import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The shared reference data lives beside the checkout, never inside it. */
export const REFERENCE_DIR = fileURLToPath(new URL("../../../shared/reference/", import.meta.url));
export const HAVE_REFERENCE = existsSync(REFERENCE_DIR);
export const SKIP_REASON = `../shared/reference not found at ${REFERENCE_DIR}: reference comparisons skipped`;

if (!HAVE_REFERENCE) console.warn(SKIP_REASON);

export function readReference<T>(path: string): T {
  return JSON.parse(readFileSync(REFERENCE_DIR + path, "utf8")) as T;
}
