import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPacer, newShare } from "../../src/send/pace.js";

describe("bulk pacing", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const clock = () => performance.now();

  it("hands out 0..count-1 at once without a rate", async () => {
    const pacer = createPacer({ count: 3 }, clock);
    expect([await pacer.next(), await pacer.next(), await pacer.next(), await pacer.next()]).toEqual([0, 1, 2, undefined]);
  });

  it("spaces starts evenly at --rate, and stops at --duration", async () => {
    const pacer = createPacer({ count: Infinity, rate: 10, durationMs: 450 }, clock);
    const started: number[] = [];
    const t0 = clock();
    const run = (async () => {
      for (let i = await pacer.next(); i !== undefined; i = await pacer.next()) started.push(Math.round(clock() - t0));
    })();
    await vi.advanceTimersByTimeAsync(1000);
    await run;
    expect(started).toEqual([0, 100, 200, 300, 400]);
  });

  it("with a count and a duration, whichever comes first", async () => {
    const pacer = createPacer({ count: 2, rate: 1, durationMs: 10_000 }, clock);
    const run = Promise.all([pacer.next(), pacer.next(), pacer.next()]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await run).toEqual([0, 1, undefined]);
  });

  it("shares one schedule between threads: each event started once, at the run's times", async () => {
    const share = newShare(3, clock());
    const t0 = share.startAt;
    const shares = [0, 1, 2].map((index) => createPacer({ count: 8, rate: 10, share: { ...share, index } }, clock));
    const started: [number, number][] = [];
    const runs = shares.map(async (pacer) => {
      for (let i = await pacer.next(); i !== undefined; i = await pacer.next()) started.push([i, Math.round(clock() - t0)]);
    });
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(runs);
    expect(started.sort((a, b) => a[0] - b[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => [i, i * 100]));
  });
});
