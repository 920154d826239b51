import { z } from "zod";
import { CHAOS_FLAGS } from "../chaos-flags.js";
import { closest } from "../lib/closest.js";
import { checkUniqueNames, readYamlFile } from "../user-file.js";

// A `wh-sim run` file: steps (a trigger or a scenario, chaos included) with what each must get.
// Beside the scenario file's schema (file.ts): both are files of the user's, read and checked alike.

const CHAOS = CHAOS_FLAGS.map((f) => f.flag);

const STATUS = /^[1-5](\d\d|xx)$/i;
/** `200`, `"200"`, `2xx`, `"200,202"` or `[200, 202]` → `200,202` (as --expect takes it). */
const Expect = z.union([z.number(), z.string(), z.array(z.union([z.number(), z.string()])).min(1)]).transform((value, ctx) => {
  const parts = [value]
    .flat()
    .flatMap((v) => String(v).split(","))
    .map((p) => p.trim().toLowerCase());
  const bad = parts.find((p) => !STATUS.test(p));
  if (bad !== undefined) {
    ctx.addIssue({ code: "custom", message: `got ${JSON.stringify(value)}; takes a status such as 200, 2xx, "200,202" or [200, 202]` });
    return z.NEVER;
  }
  return parts.join(",");
});

/** `[tamper, stale]` or `{stale: 600, duplicate: 2}`: names wh-sim knows, each refusal naming them all and the nearest. */
const Chaos = z
  .union([z.array(z.string()), z.record(z.string(), z.union([z.boolean(), z.number().int().positive()]))], {
    error: (issue) => `got ${JSON.stringify(issue.input)}; takes a list of chaos names ([tamper, stale]) or a map ({stale: 600, duplicate: 2})`,
  })
  .superRefine((chaos, ctx) => {
    for (const name of Array.isArray(chaos) ? chaos : Object.keys(chaos)) {
      if ((CHAOS as readonly string[]).includes(name)) continue;
      const near = closest(name, CHAOS);
      ctx.addIssue({
        code: "custom",
        message: `unknown chaos "${name}"${near.length ? ` (did you mean ${near.join(", ")}?)` : ""}; takes ${CHAOS.join(", ")}`,
      });
    }
  });
const StepSchema = z
  .object({
    name: z.string().min(1).optional(),
    trigger: z
      .string()
      .regex(/^\S+ \S+$/, "give `<provider> <event>`")
      .optional(),
    scenario: z
      .string()
      .regex(/^\S+ \S+$/, "give `<provider> <scenario name or file>`")
      .optional(),
    expect: Expect.optional(),
    chaos: Chaos.optional(),
    set: z.record(z.string(), z.unknown()).optional(),
    add: z.record(z.string(), z.unknown()).optional(),
    remove: z.array(z.string()).optional(),
    count: z.number().int().positive().optional(),
    shuffle: z.boolean().optional(),
    seed: z.union([z.string(), z.number()]).optional(),
    "duplicate-rate": z.number().min(0).max(1).optional(),
    account: z.string().optional(),
    "api-version": z.string().optional(),
  })
  .strict()
  .refine((s) => (s.trigger === undefined) !== (s.scenario === undefined), "a step is either `trigger: <provider> <event>` or `scenario: <provider> <name>`");

export const RunFileSchema = z
  .object({ name: z.string().min(1).optional(), steps: z.array(StepSchema).min(1, "a run file needs at least one step: an empty one would always pass") })
  .strict();

export type RunStep = z.infer<typeof StepSchema>;

/** The run file, checked: an error names the file, the line and the field. */
export async function readRunFile(file: string): Promise<z.infer<typeof RunFileSchema>> {
  const run = await readYamlFile("run file", file, RunFileSchema, "see wh-sim run --init for a starting file");
  checkUniqueNames(
    file,
    run.steps.map((step, i) => step.name ?? `${i + 1}`),
    "JUnit reports need one name per step",
  );
  return run;
}
