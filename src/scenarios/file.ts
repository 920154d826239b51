import { z } from "zod";
import type { ProviderId } from "../providers/types.js";
import { checkUniqueNames, readYamlFile } from "../user-file.js";
import type { Scenario } from "./types.js";

const json: z.ZodType<unknown> = z.lazy(() => z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]));

const StepSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, "a name of letters, digits, - and _")
      .optional(),
    event: z.string().min(1),
    set: z.record(z.string(), json).optional(),
    add: z.record(z.string(), json).optional(),
    carry: z
      .object({ from: z.string().min(1), path: z.string().min(1).optional(), except: z.array(z.string()).optional() })
      .strict()
      .optional(),
  })
  .strict();

const ScenarioFileSchema = z
  .object({
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    steps: z.array(StepSchema).min(1, "a scenario needs at least one step"),
  })
  .strict();

/**
 * A scenario of the user's, in YAML or JSON: `steps` of `{name?, event, set?, add?}` (see
 * ScenarioStep). An error names the file, the line and the field.
 */
export async function readScenarioFile(file: string, provider: ProviderId): Promise<Scenario> {
  const { name, description, steps } = await readYamlFile(
    "scenario",
    file,
    ScenarioFileSchema,
    "a step is {name?, event, set?, add?, carry?}; see docs/scenario.md",
  );
  checkUniqueNames(
    file,
    steps.map((s) => s.name),
  );
  return { provider, name: name ?? file, description: description ?? "", steps: steps as Scenario["steps"] };
}
