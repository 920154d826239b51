import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { readUserFile } from "../input.js";
import { UsageError } from "../lib/errors.js";
import type { ProviderId } from "../providers/types.js";
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
  const text = (await readUserFile("scenario", file)).toString("utf8");
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new UsageError(
      `${file}:${lines.linePos(error.pos[0]).line}: ${error.message.split("\n")[0]}`,
      "scenario files are YAML (or JSON): steps: [{event: …}]",
    );
  }
  const parsed = ScenarioFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String);
    // The line of the deepest node of the path that the file has.
    let line = 1;
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(
        path.slice(0, depth).map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        true,
      ) as { range?: [number, number, number] } | undefined;
      if (node?.range) {
        line = lines.linePos(node.range[0]).line;
        break;
      }
    }
    throw new UsageError(
      `${file}:${line}: ${path.join(".") || "(top level)"}: ${issue.message}`,
      "a step is {name?, event, set?, add?}; see the README's scenario files",
    );
  }
  const { name, description, steps } = parsed.data;
  const named = new Set<string>();
  for (const [i, step] of steps.entries()) {
    if (step.name && named.has(step.name)) throw new UsageError(`${file}: steps.${i}.name: "${step.name}" names two steps`);
    if (step.name) named.add(step.name);
  }
  return { provider, name: name ?? file, description: description ?? "", steps: steps as Scenario["steps"] };
}
