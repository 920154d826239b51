/**
 * Milliseconds on a monotonic clock, for durations. The `performance` global would do the same, but
 * its first use loads a dozen of Node's perf_hooks modules: a few milliseconds of every trigger.
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;
