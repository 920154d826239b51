import type { FailureReason, Verdict } from "./types.js";

export function fail(reason: FailureReason, message: string, hint: string): Verdict {
  return { ok: false, reason, message, hint };
}

export const MISMATCH_HINT = "was the body re-serialised or changed in transit? is there whitespace in the secret? is it the right secret?";
