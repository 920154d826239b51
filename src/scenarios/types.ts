import type { Json } from "../lib/json.js";
import type { ProviderId } from "../providers/types.js";

/**
 * One event of a scenario. `set` changes fields the event has and `add` adds fields it lacks
 * (paths as with `-o`/`--add`); a string value may hold `${step:path}`, the value at `path` in an
 * earlier step's event (`${created:data.object.id}`), so that every step speaks of the same
 * account, item or order.
 */
export interface ScenarioStep {
  /** How later steps refer to this one. */
  readonly name?: string;
  /** The event, as `trigger` takes it (`event@variant` too). */
  readonly event: string;
  readonly set?: Readonly<Record<string, Json>>;
  readonly add?: Readonly<Record<string, Json>>;
  /**
   * The same object as an earlier step left it: every field under `path` (default `data.object`)
   * of step `from`, but those in `except` (what this step changes), before `set` and `add`.
   */
  readonly carry?: { readonly from: string; readonly path?: string; readonly except?: readonly string[] };
}

export interface Scenario {
  readonly provider: ProviderId;
  readonly name: string;
  readonly description: string;
  readonly steps: readonly ScenarioStep[];
}
