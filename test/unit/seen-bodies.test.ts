import { describe, expect, it } from "vitest";
import { seenBodies } from "../../src/listen/api.js";

const body = (id: string) => Buffer.from(JSON.stringify({ id, object: "event", type: "customer.created", data: { object: { id: "cus_1" } } }, null, 2));

describe("the bodies a listener's API has already observed", () => {
  it("knows the same bytes again, whatever Buffer holds them", () => {
    const seen = seenBodies();
    expect(seen.isNew(body("evt_000000000000000000000001"))).toBe(true);
    expect(seen.isNew(body("evt_000000000000000000000001"))).toBe(false);
  });

  it("tells apart bodies of one length that differ only where no byte is sampled", () => {
    const seen = seenBodies();
    const first = body("evt_000000000000000000000001");
    const second = body("evt_000000000000000000000002");
    expect(second.length).toBe(first.length);
    expect(seen.isNew(first)).toBe(true);
    expect(seen.isNew(second)).toBe(true);
    expect(seen.isNew(second)).toBe(false);
  });

  it("keeps a copy: a caller changing its Buffer afterwards does not change what was seen", () => {
    const seen = seenBodies();
    const given = body("evt_000000000000000000000003");
    const original = Buffer.from(given);
    expect(seen.isNew(given)).toBe(true);
    given.fill(0x20);
    expect(seen.isNew(original)).toBe(false);
  });

  it("remembers a bounded number of bodies, forgetting the oldest first", () => {
    const seen = seenBodies();
    const bodies = Array.from({ length: 1001 }, (_, i) => Buffer.from(`{"n":${i}}`));
    for (const b of bodies) expect(seen.isNew(b)).toBe(true);
    expect(seen.isNew(bodies[1000]!)).toBe(false);
    expect(seen.isNew(bodies[0]!)).toBe(true);
  });
});
