import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script, without type declarations.
import { addedPaths, catalogueChanges, isNewer, judge } from "../../scripts/upstream.mjs";

describe("npm run upstream's judgement", () => {
  it("orders release and Plaid spec versions numerically", () => {
    expect(isNewer("23.10.0", "23.9.1")).toBe(true);
    expect(isNewer("23.2.0", "23.2.0")).toBe(false);
    expect(isNewer("2020-09-14_1.740.1", "2020-09-14_1.697.4")).toBe(true);
    expect(isNewer("2020-09-14_1.697.4", "2020-09-14_1.740.1")).toBe(false);
  });

  it("tells an update of the same major from a new major, and holds back a release that needs a newer Node", () => {
    expect(judge("stripe", "23.2.0", "23.2.0")).toMatchObject({ status: "current" });
    expect(judge("jose", "6.2.17", "6.2.19", "")).toMatchObject({ status: "update" });
    expect(judge("stripe", "23.2.0", "24.0.0", ">=18")).toMatchObject({ status: "new-major" });
    expect(judge("svix", "1.99.1", "2.5.0", ">=22")).toMatchObject({ status: "held", reason: expect.stringContaining("Node >=22") });
  });

  it("summarises what a regeneration changed: event types, and the fields objects gained", () => {
    expect(catalogueChanges(["a", "b"], ["b", "c"])).toEqual({ added: ["c"], removed: ["a"] });
    const before = { data: { object: { evidence: { receipt: null } } } };
    const after = { data: { object: { evidence: { receipt: null, appeal: null }, application: null } } };
    expect(addedPaths(before, after)).toEqual(["data.object.evidence.appeal", "data.object.application"]);
  });
});
