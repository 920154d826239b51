import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordLine, toRecordedRequest } from "../../src/recording/format.js";

const request = (headers: [string, string][], body: Buffer, extra: { note?: string; path?: string } = {}) =>
  toRecordedRequest({
    time: new Date(),
    method: "POST",
    path: extra.path ?? "/webhook",
    headers,
    body,
    status: 200,
    ...(extra.note ? { note: extra.note } : {}),
  });

describe("a recording's line", () => {
  it("is exactly what JSON.stringify writes, whatever the headers, path and note hold", () => {
    const hostile: [string, string][] = [
      ["body", ""],
      ["X-body", ""],
      ["X-Ends-In", 'body":""'],
      ["X-Trick", ',"body":""'],
      ["X-Quote", '"body":"" \\" \\\\'],
      ["X-Unicode", "é ✓ \u2028 \u0000"],
    ];
    for (const length of [0, 1, 2, 3, 64, 1325, 70_000]) {
      const record = request(hostile, randomBytes(length), { note: ',"body":"" and "quotes"', path: '/w?"body":""&body' });
      expect(recordLine(record)).toBe(JSON.stringify(record));
      expect(JSON.parse(recordLine(record))).toEqual(record);
    }
  });

  it("leaves the record it was given as it was", () => {
    const record = request([["Content-Type", "application/json"]], Buffer.from('{"a":1}'));
    const before = structuredClone(record);
    recordLine(record);
    expect(record).toEqual(before);
  });
});
