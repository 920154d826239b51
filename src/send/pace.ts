import { monotonicMs } from "../lib/clock.js";

/** When a bulk run starts each event: `--count`, `--rate <n/s>`, `--duration <s>`. */
export interface PaceSettings {
  /** How many events at most (Infinity with a duration alone). */
  readonly count: number;
  /** Starts per second at most; undefined: as fast as the workers go. */
  readonly rate?: number | undefined;
  /** Stop starting events after this long. */
  readonly durationMs?: number | undefined;
  /** A run spread over threads: the schedule and the event counter they share. */
  readonly share?: ThreadShare | undefined;
}

/**
 * What the threads of one run share: when its schedule began (a monotonic time every thread of the
 * process reads alike), and the number of the next event to start, taken atomically: a thread
 * that goes faster (the main one also prints every report) simply takes more of the events.
 */
export interface ThreadShare {
  readonly startAt: number;
  /** One 64-bit counter in shared memory. */
  readonly next: BigInt64Array;
  /** This thread's number and how many there are: its part of --concurrency. */
  readonly index: number;
  readonly of: number;
}

/** A share for a run of `of` threads, started now; give each thread its own `index`. */
export function newShare(of: number, startAt: number): ThreadShare {
  return { startAt, next: new BigInt64Array(new SharedArrayBuffer(8)), index: 0, of };
}

/** How many a bulk run starts: --count, except that --duration without a --count goes on until the time is up. */
export const bulkCount = (opts: { readonly count?: number | undefined; readonly duration?: number | undefined }): number =>
  opts.duration !== undefined && (opts.count ?? 1) === 1 ? Infinity : (opts.count ?? 1);

/**
 * Hands out event numbers to the workers: event i starts no earlier than i / rate seconds after
 * the first (a steady rate, not bursts), and none starts once the count or the duration is reached.
 */
export function createPacer(settings: PaceSettings, now: () => number = () => monotonicMs()) {
  const start = settings.share?.startAt ?? now();
  const counter = settings.share?.next;
  let issued = 0;
  let done = false;
  // The number of the next event of the whole run, and it is this thread's.
  const take = () => (counter ? Number(Atomics.add(counter, 0, 1n)) : issued++);
  const over = () => done || (settings.durationMs !== undefined && now() - start >= settings.durationMs);
  return {
    async next(): Promise<number | undefined> {
      if (over()) return undefined;
      const i = take();
      if (i >= settings.count) {
        done = true;
        return undefined;
      }
      if (settings.rate) {
        // Decided on the schedule, not on when the timer fires (timers may fire a little early).
        const due = (i * 1000) / settings.rate;
        if (settings.durationMs !== undefined && due >= settings.durationMs) {
          done = true;
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
