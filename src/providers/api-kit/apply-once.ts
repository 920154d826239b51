import { sha256Hex } from "../../lib/crypto.js";
import type { WorldView } from "./types.js";

/** How many bodies each of the 256 buckets of a provider's seen marks remembers (a redelivery comes soon after the original). */
const SEEN_PER_BUCKET = 64;

/**
 * Applies what a webhook says to the world once, however often its bytes are seen: a redelivery,
 * the same event through the listener after `trigger` applied it, or what an API call fired
 * (`caused`: the call made the change already; the body is only marked seen). The marks are
 * SHA-256s in 256 buckets by their first byte, each keeping its latest: bounded on disk however
 * many events a load test sends. Every provider's API uses this one scheme.
 */
export function applyOnce(world: WorldView, kind: string, body: string, apply: () => void, caused = false): void {
  const hash = sha256Hex(body);
  const bucket = world.get<string[]>(kind, hash.slice(0, 2)) ?? [];
  if (bucket.includes(hash)) return;
  world.put(kind, hash.slice(0, 2), [...bucket, hash].slice(-SEEN_PER_BUCKET));
  if (!caused) apply();
}
