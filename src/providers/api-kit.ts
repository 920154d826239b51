import { sha256Hex } from "../lib/crypto.js";
import { fraction } from "../lib/random.js";
import { MAX_REQUEST_DEPTH, nestsDeeperThan } from "../lib/json.js";
import type { ApiAnswer, ApiCall, ApiContext, Random, WorldView } from "./types.js";

/** One route of a provider's API: its method, its path (captures are the ids), and what answers it. */
export type ApiRoute = readonly [method: string, path: RegExp, answer: (ids: string[], call: ApiCall, ctx: ApiContext) => ApiAnswer];

/** The route a call takes and its ids; "method" when a route has the path but another method. */
export function findRoute(routes: readonly ApiRoute[], call: ApiCall): { answer: ApiRoute[2]; ids: string[] } | "method" | undefined {
  let pathKnown = false;
  for (const [method, path, answer] of routes) {
    const match = path.exec(call.path);
    if (!match) continue;
    if (method === call.method) return { answer, ids: match.slice(1) };
    pathKnown = true;
  }
  return pathKnown ? "method" : undefined;
}

/** An amount between `min` and `max`, in cents. */
export const cents = (random: Random, min: number, max: number) => Math.round((min + fraction(random) * (max - min)) * 100) / 100;

export const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(fraction(random) * list.length)]!;

/** An integer in [min, max]. */
export const between = (random: Random, min: number, max: number) => min + Math.floor(fraction(random) * (max - min + 1));

/** How many bodies each of the 256 buckets of a provider's seen marks remembers (a redelivery comes soon after the original). */
const SEEN_PER_BUCKET = 64;

/**
 * Whether a webhook body is seen for the first time in this world: a redelivery, the same event
 * through the listener after `trigger` applied it, or what an API call fired, changes nothing twice.
 * The marks are SHA-256s in 256 buckets by their first byte, each keeping its latest: bounded on
 * disk however many events a load test sends.
 */
export function firstSighting(world: WorldView, kind: string, body: string): boolean {
  const hash = sha256Hex(body);
  const bucket = world.get<string[]>(kind, hash.slice(0, 2)) ?? [];
  if (bucket.includes(hash)) return false;
  world.put(kind, hash.slice(0, 2), [...bucket, hash].slice(-SEEN_PER_BUCKET));
  return true;
}

export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The JSON request body, or undefined when it is not a JSON object. */
export function jsonBody(call: ApiCall): Record<string, unknown> | undefined {
  if (call.body.length === 0) return {};
  const text = Buffer.from(call.body).toString("utf8");
  // Nested thousands deep, it is no request of a real client (and would overflow a recursive walk).
  if (nestsDeeperThan(text, MAX_REQUEST_DEPTH)) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
