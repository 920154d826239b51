/**
 * Milliseconds on a monotonic clock, for durations. The `performance` global would do the same, but
 * its first use loads a dozen of Node's perf_hooks modules: a few milliseconds of every trigger.
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * A time's text, made once per tick of `unitMs` and reused within it: a listener under load shows
 * and records thousands of requests a second, many in the same millisecond.
 */
function oncePerTick(unitMs: number, format: (date: Date) => string): (date: Date) => string {
  let last = { tick: Number.NaN, text: "" };
  return (date) => {
    const tick = Math.floor(date.getTime() / unitMs);
    if (tick !== last.tick) last = { tick, text: format(date) };
    return last.text;
  };
}

/** `date.toISOString()`: each line and its record with the same time. */
export const isoTime = oncePerTick(1, (date) => date.toISOString());

/** The local time of day, `HH:MM:SS` (toTimeString looks the time zone up at every call). */
export const clockTime = oncePerTick(1000, (date) => date.toTimeString().slice(0, 8));
