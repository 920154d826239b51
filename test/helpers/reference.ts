import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// The provider reference data lives beside the checkout (../shared/reference, or $WH_SIM_REFERENCE),
// never inside it. Only the fixture generators and their drift checks read it; every other test
// uses test/vectors/.
export const REFERENCE_DIR = process.env.WH_SIM_REFERENCE
  ? `${process.env.WH_SIM_REFERENCE.replace(/\/$/, "")}/`
  : fileURLToPath(new URL("../../../shared/reference/", import.meta.url));
export const HAVE_REFERENCE = existsSync(REFERENCE_DIR);

/**
 * Whether the drift checks run: always in CI (where a missing reference must fail them, not skip
 * them), elsewhere only when the reference is there.
 */
export const CHECK_AGAINST_REFERENCE = HAVE_REFERENCE || process.env.CI === "true";

export function readReference<T>(path: string): T {
  if (!HAVE_REFERENCE) throw new Error(`${REFERENCE_DIR} is missing: CI needs ../shared/reference beside the checkout to check the generated fixtures`);
  return JSON.parse(readFileSync(REFERENCE_DIR + path, "utf8")) as T;
}
