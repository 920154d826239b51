import { readFileSync } from "node:fs";
import { getOwn, isObject, setOwn, type Json, type JsonObject } from "../lib/json.js";
import { FIXTURES_DIR } from "./fixture-file.js";

/**
 * What an event's name says of its object, as data (`fixtures/states/<provider>.json`, docs/states.md):
 * `invoice.paid` → the invoice is paid, `amount_paid` is `amount_due`, `status_transitions.paid_at`
 * is the event's time. The generators make every fixture so; rendering keeps it so when something
 * else wrote the object (a scenario carrying an earlier step's object, an edit of a field a rule
 * derives from), and the consistency test holds every body, fetch-back and API answer to it.
 */
export interface StateRules {
  /** Where the object is in the event: `data.object` (Stripe), `content` (Bridge), "" (the body itself). */
  readonly object: string;
  /** Where the event's own time is in the event (none: no rule may use `$time`), and how times are written. */
  readonly eventTime?: string;
  readonly time: "unix" | "iso";
  /** Event names (variants aside) whose name states a state: each needs a rule or a `stateless` reason. */
  readonly stating: string;
  readonly states: Readonly<Record<string, StateDefinition>>;
  /** `event[@variant]` → the state its object is in. */
  readonly events: Readonly<Record<string, string>>;
  /** Events whose name reads like a state but whose object has none to hold: why. */
  readonly stateless: Readonly<Record<string, string>>;
  /** The order an object's states may come in (a scenario's steps about one object follow it). */
  readonly lifecycles?: readonly Lifecycle[];
}

export interface Lifecycle {
  /** What it is the lifecycle of, as a sentence names it. */
  readonly of: string;
  /** The objects it applies to: those with these fields. */
  readonly where: Readonly<Record<string, Json>>;
  /** The field that names one object (default `id`) and the one that holds its state (default `status`). */
  readonly id?: string;
  readonly field?: string;
  /** Each state → the states that may follow it (staying in a state is always allowed). */
  readonly next: Readonly<Record<string, readonly string[]>>;
}

/**
 * Where a sequence of objects (a scenario's steps, in order) moves one object the wrong way: a
 * state its lifecycle does not allow after the one before, or one it does not know.
 */
export function lifecycleViolations(rules: StateRules, objects: readonly JsonObject[]): string[] {
  const out: string[] = [];
  for (const cycle of rules.lifecycles ?? []) {
    const last = new Map<string, string>();
    for (const [i, object] of objects.entries()) {
      if (!Object.entries(cycle.where).every(([k, v]) => getOwn(object, k) === v)) continue;
      const id = String(getOwn(object, cycle.id ?? "id"));
      const state = String(getOwn(object, cycle.field ?? "status"));
      const before = last.get(id);
      if (!(state in cycle.next)) out.push(`step ${i + 1}: the ${cycle.of} ${id} is "${state}", a state its lifecycle does not know`);
      else if (before !== undefined && before !== state && !cycle.next[before]?.includes(state))
        out.push(`step ${i + 1}: the ${cycle.of} ${id} goes from "${before}" to "${state}", which its lifecycle does not allow`);
      last.set(id, state);
    }
  }
  return out;
}

/** Field path (in the object) → what it holds; `$extends` names a state whose fields come first. */
export type StateDefinition = { readonly $extends?: string } & Readonly<Record<string, Json | Expression>>;

/**
 * - a JSON value: exactly that (an object: at least those fields, as the provider's shape may add more);
 * - `{$field: path}`: the value of another field of the object (`amount_paid` is `amount_due`);
 * - `{$time: seconds}`: the event's time, plus seconds;
 * - `{$keep: default}`: any value but null (the default when there is none);
 * - `{$id: prefix}`: an id with that prefix (a new one when there is none).
 */
export type Expression = { readonly $field: string } | { readonly $time: number } | { readonly $keep: Json } | { readonly $id: string };

export interface Assignment {
  readonly path: readonly string[];
  readonly value: Json | Expression;
}

const loaded = new Map<string, StateRules | null>();

/** The provider's rules, read once (undefined for a provider without any). */
export function stateRules(provider: string): StateRules | undefined {
  if (!loaded.has(provider)) {
    let rules: StateRules | null = null;
    try {
      rules = JSON.parse(readFileSync(`${FIXTURES_DIR}states/${provider}.json`, "utf8")) as StateRules;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    loaded.set(provider, rules);
  }
  return loaded.get(provider) ?? undefined;
}

/** The assignments of an event's state, `$extends` first, in order; undefined when its name states none. */
export function stateOf(rules: StateRules, event: string, variant?: string): Assignment[] | undefined {
  const name = (variant && rules.events[`${event}@${variant}`]) || rules.events[event];
  return name === undefined ? undefined : flatten(rules, name, new Set());
}

function flatten(rules: StateRules, name: string, seen: Set<string>): Assignment[] {
  const state = rules.states[name];
  if (!state || seen.has(name)) throw new Error(`state rules: ${state ? "a loop through" : "no state"} "${name}"`);
  seen.add(name);
  const inherited = state.$extends ? flatten(rules, state.$extends, seen) : [];
  const own = Object.entries(state)
    .filter(([key]) => key !== "$extends")
    .map(([key, value]) => ({ path: key.split("."), value: value as Json | Expression }));
  // A field the state sets again replaces the inherited one, in the inherited place.
  const byPath = new Map(inherited.map((a) => [a.path.join("."), a]));
  for (const a of own) byPath.set(a.path.join("."), a);
  return [...byPath.values()];
}

const isExpression = (value: unknown): value is Expression =>
  isObject(value) && Object.keys(value).length === 1 && ["$field", "$time", "$keep", "$id"].includes(Object.keys(value)[0]!);

/** The object an event's rules speak of. */
export function objectIn(rules: StateRules, event: JsonObject): JsonObject | undefined {
  const found = rules.object ? at(event, rules.object.split(".")) : event;
  return isObject(found) ? found : undefined;
}

/** The event's time in seconds since 1970. */
export function eventSeconds(rules: StateRules, event: JsonObject): number | undefined {
  const value = rules.eventTime === undefined ? undefined : at(event, rules.eventTime.split("."));
  if (typeof value === "number") return value;
  if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return Math.round(Date.parse(value) / 1000);
  return undefined;
}

const timeValue = (rules: StateRules, seconds: number): Json =>
  rules.time === "unix" ? seconds : new Date(seconds * 1000).toISOString().replace(".000Z", "Z");

export interface MakeContext {
  readonly rules: StateRules;
  /** The event's time, in seconds. */
  readonly now: number;
  readonly newId: (prefix: string) => string;
  /** Whether a field whose parent is missing is skipped (an older API version's shape) rather than an error. */
  readonly lenient?: boolean;
}

/** Puts the object in its state: how the generators make a fixture (and a variant) say what its event says. */
export function makeState(state: readonly Assignment[], object: JsonObject, ctx: MakeContext): void {
  for (const { path, value } of state) {
    const parent = parentOf(object, path);
    if (!parent) {
      if (ctx.lenient) continue;
      throw new Error(`state rules: the object has no ${path.slice(0, -1).join(".")} for ${path.join(".")}`);
    }
    const key = path.at(-1)!;
    const current = getOwn(parent, key);
    setOwn(parent, key, made(value, current, object, ctx));
  }
}

function made(value: Json | Expression, current: Json | undefined, object: JsonObject, ctx: MakeContext): Json {
  if (!isExpression(value)) return structuredClone(value as Json);
  if ("$field" in value) return structuredClone(at(object, value.$field.split(".")) ?? null);
  if ("$time" in value) return timeValue(ctx.rules, ctx.now + value.$time);
  if ("$keep" in value) return current ?? value.$keep;
  return typeof current === "string" && current.startsWith(value.$id) ? current : ctx.newId(value.$id);
}

/**
 * The state's fields as a freshly rendered fixture holds them (ids renewed, times moved): taken
 * before anything else writes the object, put back by `restoreState`.
 */
export function captureState(state: readonly Assignment[], object: JsonObject): Map<string, Json | undefined> {
  return new Map(state.map(({ path }) => [path.join("."), structuredClone(at(object, path))]));
}

/**
 * After other writers (a scenario's carried object, the user's edits): the state's fields back as
 * captured, but those `kept` (the user's own edits, which win on purpose), an id or value a `$id`
 * or `$keep` rule accepts as it now is, and `$field` ones derived again from what the object now holds.
 */
export function restoreState(
  state: readonly Assignment[],
  captured: ReadonlyMap<string, Json | undefined>,
  object: JsonObject,
  kept: (path: readonly string[]) => boolean,
): void {
  for (const { path, value } of state) {
    if (kept(path)) continue;
    const parent = parentOf(object, path);
    if (!parent) continue;
    const key = path.at(-1)!;
    const current = getOwn(parent, key);
    let next = captured.get(path.join("."));
    if (isExpression(value)) {
      if ("$field" in value) next = at(object, value.$field.split("."));
      else if ("$keep" in value && current !== undefined && current !== null) continue;
      else if ("$id" in value && typeof current === "string" && current.startsWith(value.$id)) continue;
    }
    if (next !== undefined) setOwn(parent, key, structuredClone(next));
  }
}

/** How the object differs from its state, a sentence a field ("status is "draft", its event says "paid""). */
export function stateViolations(state: readonly Assignment[], object: JsonObject, ctx: { rules: StateRules; now: number | undefined }): string[] {
  const out: string[] = [];
  for (const { path, value } of state) {
    const name = path.join(".");
    const actual = at(object, path);
    const shown = actual === undefined ? "missing" : JSON.stringify(actual);
    if (!isExpression(value)) {
      if (!matches(actual, value as Json)) out.push(`${name} is ${shown}, its event says ${JSON.stringify(value)}`);
    } else if ("$field" in value) {
      const other = at(object, value.$field.split("."));
      if (JSON.stringify(actual) !== JSON.stringify(other))
        out.push(`${name} is ${shown}, its event says it equals ${value.$field} (${JSON.stringify(other)})`);
    } else if ("$time" in value) {
      const expected = ctx.now === undefined ? "the event's time" : timeValue(ctx.rules, ctx.now + value.$time);
      if (actual !== expected) out.push(`${name} is ${shown}, its event says ${JSON.stringify(expected)}`);
    } else if ("$keep" in value) {
      if (actual === undefined || actual === null) out.push(`${name} is ${shown}, its event says it is set`);
    } else if (typeof actual !== "string" || !actual.startsWith(value.$id)) {
      out.push(`${name} is ${shown}, its event says it is an id ${value.$id}…`);
    }
  }
  return out;
}

/** A value matches a rule's: equal, an object holding at least the rule's fields (each matching). */
function matches(actual: Json | undefined, expected: Json): boolean {
  if (isObject(expected)) return isObject(actual) && Object.entries(expected).every(([k, v]) => matches(getOwn(actual, k), v));
  return JSON.stringify(actual) === JSON.stringify(expected);
}

function at(value: Json | undefined, path: readonly string[]): Json | undefined {
  let node = value;
  for (const key of path) node = isObject(node) ? getOwn(node, key) : Array.isArray(node) && /^\d+$/.test(key) ? node[Number(key)] : undefined;
  return node;
}

function parentOf(object: JsonObject, path: readonly string[]): JsonObject | undefined {
  const parent = path.length === 1 ? object : at(object, path.slice(0, -1));
  return isObject(parent) ? parent : undefined;
}
