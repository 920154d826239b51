import { UsageError } from "../lib/errors.js";
import type { Provider, ProviderOptions, RetryPolicy } from "../providers/types.js";
import type { Retry } from "./send-event.js";

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, min: 60, h: 3600, d: 86_400 };

/** `0,5s,1m,2h` → seconds (a bare number is seconds). */
export function parseSchedule(text: string): number[] {
  return text.split(",").map((part) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|m|h|d)?\s*$/.exec(part);
    if (!m) throw new UsageError(`bad --retry schedule "${text}"`, "give the delays before each retry, e.g. --retry 0,5s,1m,2h");
    return Number(m[1]) * UNITS[m[2] ?? "s"]!;
  });
}

/**
 * `--retry` alone: the provider's published schedule (a usage error for one that publishes none);
 * `--retry 0,5s,1m`: that schedule, with the provider's timeout and idea of success.
 */
export function retryPlan(
  provider: Provider,
  options: ProviderOptions,
  retry: string | boolean | undefined,
  speed: number,
  timeoutMs: number,
): Retry | undefined {
  if (retry === undefined || retry === false) return undefined;
  const published = provider.retryPolicy?.(options);
  if (retry === true) {
    if (!published) throw new UsageError(`${provider.displayName} publishes no retry schedule`, "give one: --retry 0,5s,1m (the delays before each retry)");
    return { policy: published, speed };
  }
  const policy: RetryPolicy = {
    delays: parseSchedule(retry),
    timeoutMs: published?.timeoutMs ?? timeoutMs,
    success: published?.success ?? "2xx",
    source: "your schedule",
    ...(published?.abortHeader ? { abortHeader: published.abortHeader } : {}),
  };
  return { policy, speed };
}
