import { monotonicMs } from "../lib/clock.js";

/** When a bulk run starts each event: `--count`, `--rate <n/s>`, `--duration <s>`. */
export interface PaceSettings {
  /** How many events at most (Infinity with a duration alone). */
  readonly count: number;
  /** Starts per second at most; undefined: as fast as the workers go. */
  readonly rate?: number | undefined;
  /** Stop starting events after this long. */
  readonly durationMs?: number | undefined;
  /**
   * A run spread over threads: this one starts events index, index + of, index + 2·of, … of the
   * one schedule that began at `startAt` (a monotonic time every thread of the process shares).
   */
  readonly share?: ThreadShare | undefined;
}

export interface ThreadShare {
  readonly index: number;
  readonly of: number;
  readonly startAt: number;
}

/**
 * Hands out event numbers to the workers: event i starts no earlier than i / rate seconds after
 * the first (a steady rate, not bursts), and none starts once the count or the duration is reached.
 */
export function createPacer(settings: PaceSettings, now: () => number = () => monotonicMs()) {
  const { index, of, startAt } = settings.share ?? { index: 0, of: 1, startAt: now() };
  const start = startAt;
  let issued = 0;
  // The event this thread starts next, numbered in the whole run.
  const upcoming = () => index + issued * of;
  const over = () => upcoming() >= settings.count || (settings.durationMs !== undefined && now() - start >= settings.durationMs);
  return {
    async next(): Promise<number | undefined> {
      if (over()) return undefined;
      const i = upcoming();
      issued++;
      if (settings.rate) {
        // Decided on the schedule, not on when the timer fires (timers may fire a little early).
        const due = (i * 1000) / settings.rate;
        if (settings.durationMs !== undefined && due >= settings.durationMs) {
          issued = Infinity;
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
