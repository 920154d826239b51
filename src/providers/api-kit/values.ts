import { fraction } from "../../lib/random.js";
import { MAX_REQUEST_DEPTH, nestsDeeperThan } from "../../lib/json.js";
import type { Random } from "../../lib/random.js";
import type { ApiCall } from "./types.js";

// The values the APIs make and read: amounts, picks, dates, request bodies.

/** An amount between `min` and `max`, in cents. */
export const cents = (random: Random, min: number, max: number) => Math.round((min + fraction(random) * (max - min)) * 100) / 100;

export const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(fraction(random) * list.length)]!;

/** An integer in [min, max]. */
export const between = (random: Random, min: number, max: number) => min + Math.floor(fraction(random) * (max - min + 1));

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
