import { monotonicMs } from "../lib/clock.js";

/** When a bulk run starts each event: `--count`, `--rate <n/s>`, `--duration <s>`. */
export interface PaceSettings {
  /** How many events at most (Infinity with a duration alone). */
  readonly count: number;
  /** Starts per second at most; undefined: as fast as the workers go. */
  readonly rate?: number | undefined;
  /** Stop starting events after this long. */
  readonly durationMs?: number | undefined;
}

/**
 * Hands out event numbers to the workers: event i starts no earlier than i / rate seconds after
 * the first (a steady rate, not bursts), and none starts once the count or the duration is reached.
 */
export function createPacer(settings: PaceSettings, now: () => number = () => monotonicMs()) {
  const start = now();
  let issued = 0;
  const over = () => issued >= settings.count || (settings.durationMs !== undefined && now() - start >= settings.durationMs);
  return {
    async next(): Promise<number | undefined> {
      if (over()) return undefined;
      const i = issued++;
      if (settings.rate) {
        // Decided on the schedule, not on when the timer fires (timers may fire a little early).
        const due = (i * 1000) / settings.rate;
        if (settings.durationMs !== undefined && due >= settings.durationMs) {
          issued = settings.count;
          return undefined;
        }
        const wait = start + due - now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      return i;
    },
    /** Seconds since the first start. */
    elapsedSeconds: () => (now() - start) / 1000,
  };
}
