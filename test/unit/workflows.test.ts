// The GitHub files that cannot run here (no GitHub runner): the action and the release workflow,
// validated against GitHub's schemas by action-validator (github.com/mpalmer/action-validator).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const { validateAction, validateWorkflow } = createRequire(import.meta.url)("@action-validator/core") as {
  validateAction(src: string): { errors: unknown[] };
  validateWorkflow(src: string): { errors: unknown[] };
};
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

describe("GitHub's schemas", () => {
  it("accept action.yml", () => expect(validateAction(read("action.yml")).errors).toEqual([]));
  it("accept the release workflow", () => expect(validateWorkflow(read(".github/workflows/release.yml")).errors).toEqual([]));
  it("refuse a broken one (the validator judges)", () => expect(validateWorkflow("on: push\njobs: { a: { runs-on: 3 } }\n").errors).not.toEqual([]));
});
