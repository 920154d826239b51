import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script, without type declarations.
import { renderInspectorPage } from "../../scripts/generate-inspector-page.mjs";

describe("the inspector's page", () => {
  it("is served as src/listen/inspector/web/ has it (page.generated.ts is current: npm run build regenerates it)", () => {
    const committed = readFileSync(new URL("../../src/listen/inspector/page.generated.ts", import.meta.url), "utf8");
    expect(committed).toBe((renderInspectorPage as () => string)());
  });
});
