import type { Signer } from "../credentials.js";
import { prepareDelivery, type PreparedDelivery } from "../delivery.js";
import { applyEdit, editsFrom, type FieldEdit } from "../events/edit.js";
import { closest } from "../lib/closest.js";
import { UsageError } from "../lib/errors.js";
import type { Json, JsonObject } from "../lib/json.js";
import type { HeaderMap, Provider, ProviderOptions } from "../providers/types.js";
import type { Scenario, ScenarioStep } from "./types.js";

export interface ScenarioContext {
  readonly signer: Signer;
  readonly options: ProviderOptions;
  /** When the first step happens; each later one `stepSeconds` after the one before. */
  readonly start: Date;
  readonly stepSeconds?: number;
  readonly seed?: string;
  readonly extraHeaders?: HeaderMap;
  /** The user's edits (`-o`, `--add`, `--remove`): each applied to every step whose event it fits; one that fits none is a usage error. */
  readonly edits?: readonly FieldEdit[];
}

export interface RenderedStep {
  readonly step: ScenarioStep;
  /** Its place in the scenario, from 1. */
  readonly index: number;
  readonly delivery: PreparedDelivery;
}

/** Every step rendered and signed in order, references to earlier steps filled in, times advancing. */
export async function renderScenario(provider: Provider, scenario: Scenario, ctx: ScenarioContext): Promise<RenderedStep[]> {
  const named = new Map<string, Json>();
  const rendered: RenderedStep[] = [];
  const used = new Set<FieldEdit>();
  for (const [i, step] of scenario.steps.entries()) {
    const where = `${scenario.name}, step ${i + 1} (${step.event})`;
    const resolved = (values: ScenarioStep["set"]) =>
      values && Object.fromEntries(Object.entries(values).map(([path, value]) => [path, resolveReferences(value, named, where)]));
    const own = [...carried(step, named, where), ...editsFrom({ add: resolved(step.add), set: resolved(step.set) })];
    const prepare = (edits: readonly FieldEdit[]) =>
      inStep(where, () =>
        prepareDelivery(provider, {
          choice: provider.resolveEvent(step.event, ctx.options),
          signer: ctx.signer,
          options: ctx.options,
          now: new Date(ctx.start.getTime() + i * (ctx.stepSeconds ?? 60) * 1000),
          ...(ctx.seed !== undefined ? { seed: `${ctx.seed}:${i}` } : {}),
          edits,
          ...(ctx.extraHeaders ? { extraHeaders: ctx.extraHeaders } : {}),
        }),
      );
    let delivery = await prepare(own);
    const fitting = (ctx.edits ?? []).filter((edit) => fits(provider, JSON.parse(delivery.body) as JsonObject, edit));
    for (const edit of fitting) used.add(edit);
    if (fitting.length > 0) delivery = await prepare([...own, ...fitting]);
    if (step.name) named.set(step.name, JSON.parse(delivery.body) as Json);
    rendered.push({ step, index: i + 1, delivery });
  }
  const unused = (ctx.edits ?? []).find((edit) => !used.has(edit));
  if (unused) {
    throw new UsageError(
      `${unused.kind === "remove" ? "--remove" : unused.kind === "add" ? "--add" : "-o"} ${unused.spec} fits no step of ${scenario.name}`,
      "each edit applies to the steps whose event has the field (--add: its parent)",
    );
  }
  return rendered;
}

/** Whether an edit applies to an event: its field is there (for --add, its parent is and it is not). */
function fits(provider: Provider, payload: JsonObject, edit: FieldEdit): boolean {
  try {
    applyEdit(structuredClone(payload), edit, provider.editing?.resourcePath);
    return true;
  } catch (error) {
    if (error instanceof UsageError) return false;
    throw error;
  }
}

/** A step's `carry`: the earlier step's fields, as edits that set them (the step's own `set`/`add` come after). */
function carried(step: ScenarioStep, named: ReadonlyMap<string, Json>, where: string): FieldEdit[] {
  if (!step.carry) return [];
  const path = step.carry.path ?? "data.object";
  const from = lookup(step.carry.from, path, named, where);
  if (from === null || typeof from !== "object" || Array.isArray(from)) throw new UsageError(`${where}: step "${step.carry.from}" has no object at ${path}`);
  const except = new Set(step.carry.except ?? []);
  // As `add`, which also replaces a field that is there: the earlier object may hold fields (the user's) this event lacks.
  return editsFrom({
    add: Object.fromEntries(
      Object.entries(from)
        .filter(([key]) => !except.has(key))
        .map(([key, value]) => [`${path}.${key}`, value]),
    ),
  }).map((edit) => ({ ...edit, carried: true }));
}

/** A usage error in a step (an unknown event, a bad path) says which step. */
async function inStep<T>(where: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${where}: ${error.message}`, error.hint);
    throw error;
  }
}

/** `${step:path}` in a string → that value of an earlier step's event (the whole string may be one reference, keeping its type). */
function resolveReferences(value: Json, named: ReadonlyMap<string, Json>, where: string): Json {
  if (typeof value !== "string") return value;
  const whole = /^\$\{([^:}]+):([^}]+)\}$/.exec(value);
  if (whole) return lookup(whole[1]!, whole[2]!, named, where);
  return value.replace(/\$\{([^:}]+):([^}]+)\}/g, (_m, step: string, path: string) => String(lookup(step, path, named, where)));
}

function lookup(step: string, path: string, named: ReadonlyMap<string, Json>, where: string): Json {
  const event = named.get(step);
  if (event === undefined) {
    const known = [...named.keys()];
    const near = closest(step, known);
    throw new UsageError(
      `${where}: no earlier step named "${step}"`,
      near.length ? `did you mean ${near.join(", ")}?` : known.length ? `steps named so far: ${known.join(", ")}` : "name a step with `name:` to refer to it",
    );
  }
  let node: Json | undefined = event;
  for (const key of path.split("."))
    node = node !== null && typeof node === "object" && Object.hasOwn(node, key) ? (node as Record<string, Json>)[key] : undefined;
  if (node === undefined) throw new UsageError(`${where}: step "${step}" has no ${path}`);
  return node;
}
