import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { readUserFile } from "./input.js";
import { UsageError } from "./lib/errors.js";

/**
 * A file of the user's in YAML (or JSON, which YAML reads), checked against a schema: a mistake is
 * a usage error that names the file, the line and the field.
 */
export async function readYamlFile<T>(what: string, file: string, schema: z.ZodType<T>, hint: string): Promise<T> {
  const text = (await readUserFile(what, file)).toString("utf8");
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) throw new UsageError(`${file}:${lines.linePos(error.pos[0]).line}: ${error.message.split("\n")[0]}`, hint);
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
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
  throw new UsageError(`${file}:${line}: ${path.join(".") || "(top level)"}: ${issue.message}`, hint);
}

/** Steps need names of their own (JUnit, `${name:path}` references): the first name used twice is an error. */
export function checkUniqueNames(file: string, names: readonly (string | undefined)[], hint?: string): void {
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (name === undefined) continue;
    if (seen.has(name)) throw new UsageError(`${file}: steps.${i}.name: "${name}" names two steps`, hint);
    seen.add(name);
  }
}
