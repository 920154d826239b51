/**
 * Milliseconds on a monotonic clock, for durations. The `performance` global would do the same, but
 * its first use loads a dozen of Node's perf_hooks modules: a few milliseconds of every trigger.
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

let isoOf = { time: Number.NaN, text: "" };
/**
 * `date.toISOString()`, made once per millisecond: a listener under load shows and records many
 * requests a millisecond, each line and its record with the same time.
 */
export function isoTime(date: Date): string {
  const time = date.getTime();
  if (time !== isoOf.time) isoOf = { time, text: date.toISOString() };
  return isoOf.text;
}
