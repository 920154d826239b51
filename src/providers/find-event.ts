import { closest } from "../lib/closest.js";
import { UsageError } from "../lib/errors.js";
import type { EventChoice, EventInfo, ProviderId } from "./types.js";

/** The listed event a typed name means: exact, then case-insensitive, then a unique `.suffix` (Plaid's bare code). */
export function matchListedEvent(events: readonly EventInfo[], typed: string): string | undefined {
  const names = events.map((e) => e.name);
  const lower = typed.toLowerCase();
  const suffixed = names.filter((n) => n.toLowerCase().endsWith(`.${lower}`));
  return names.find((n) => n === typed) ?? names.find((n) => n.toLowerCase() === lower) ?? (suffixed.length === 1 ? suffixed[0] : undefined);
}

/**
 * What most providers' `resolveEvent` does: a listed event (see `matchListedEvent`), and with
 * `name@variant` one of its shipped variants; anything else is a usage error with the nearest names.
 */
export function findListedEvent(provider: ProviderId, events: readonly EventInfo[], input: string): EventChoice {
  const [typed = "", variant] = input.split("@");
  const match = matchListedEvent(events, typed);
  if (!match) {
    const names = events.map((e) => e.name);
    const suggestions = closest(typed, names);
    throw new UsageError(
      `unknown ${provider} event "${typed}"`,
      suggestions.length
        ? `did you mean: ${suggestions.join(", ")}?  (wh-sim list ${provider} shows all ${names.length})`
        : `wh-sim list ${provider} shows all ${names.length} events`,
    );
  }
  if (variant === undefined) return { name: match };
  const variants = events.find((e) => e.name === match)?.variants ?? [];
  const chosen = variants.find((v) => v.toLowerCase() === variant.toLowerCase());
  if (!chosen) {
    throw new UsageError(`${match} has no variant "${variant}"`, variants.length ? `variants: ${variants.join(", ")}` : `${match} has no variants`);
  }
  return { name: match, variant: chosen };
}
