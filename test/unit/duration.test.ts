import { describe, expect, it } from "vitest";
import { humanDuration } from "../../src/lib/duration.js";

describe("durations as people read them", () => {
  it.each<[number, string]>([
    [0, "0 s"],
    [0.1, "100 ms"],
    [45, "45 s"],
    [400, "6 min 40 s"],
    [1800, "30 min"],
    [26 * 3600, "26 h"],
    [3 * 86_400 + 2 * 3600, "3 d 2 h"],
    [-301, "5 min 1 s"],
  ])("%d s → %s", (seconds, text) => expect(humanDuration(seconds)).toBe(text));
});
