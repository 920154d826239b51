import type { StepResult } from "../send/run-steps.js";

/**
 * JUnit XML as GitLab, Jenkins and the GitHub test-report actions read it: one <testsuite> per
 * run file, one <testcase> per step (unique name, classname, file, time), <failure message=…>
 * with the response excerpt.
 */
export function formatJUnit(run: { name: string; file: string; seconds: number; results: readonly StepResult[] }): string {
  const failures = run.results.filter((r) => !r.ok).length;
  const cases = run.results.map((r) => {
    const attributes = `name="${xml(r.name)}" classname="${xml(`wh-sim.${run.name}`)}" file="${xml(run.file)}" time="${r.seconds.toFixed(3)}"`;
    if (!r.failure) return `    <testcase ${attributes}/>`;
    return `    <testcase ${attributes}>\n      <failure message="${xml(r.failure.message)}" type="${xml(r.what)}">${xml(r.failure.detail)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="wh-sim" tests="${run.results.length}" failures="${failures}" time="${run.seconds.toFixed(3)}">`,
    `  <testsuite name="${xml(run.name)}" tests="${run.results.length}" failures="${failures}" errors="0" skipped="0" time="${run.seconds.toFixed(3)}" file="${xml(run.file)}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

/** Text for XML attributes and content: the five entities, and no character XML 1.0 forbids. */
function xml(text: string): string {
  return (
    text
      .replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!)
      // eslint-disable-next-line no-control-regex -- the characters XML 1.0 allows, by code point
      .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "\ufffd")
  );
}
