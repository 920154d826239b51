import { z } from "zod";
import { checkUniqueNames, readYamlFile } from "../user-file.js";

// A `wh-sim run` file: steps (a trigger or a scenario, chaos included) with what each must get.
// Beside the scenario file's schema (file.ts): both are files of the user's, read and checked alike.

const CHAOS = [
  "duplicate",
  "stale",
  "future",
  "wrong-secret",
  "tamper",
  "malformed-signature",
  "no-signature",
  "unknown-kid",
  "expired-key",
  "rotate",
] as const;
export const camel = (flag: string) => flag.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());

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
    expect: z.string().optional(),
    chaos: z.union([z.array(z.enum(CHAOS)), z.partialRecord(z.enum(CHAOS), z.union([z.boolean(), z.number().int().positive()]))]).optional(),
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

const RunFileSchema = z
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
