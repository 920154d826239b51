// The state rules (fixtures/states/<provider>.json, docs/states.md) applied to a generator's
// bodies: each object put in the state its event names, then checked; a body that still
// contradicts its event stops the generator, naming it.
import { eventSeconds, makeState, objectIn, stateOf, stateRules, stateViolations } from "../../dist/events/states.js";
import { createRandom } from "../../dist/lib/random.js";
import { ALPHANUMERIC } from "../../dist/lib/crypto.js";

/** files: Map<"event[@variant].json", body>; a body the rules change is serialised again with `serialize`. */
export function settleStates(provider, files, serialize) {
  const rules = stateRules(provider);
  if (!rules) return;
  const random = createRandom(`wh-sim ${provider} states`);
  const broken = [];
  for (const [file, body] of files) {
    const [name, variant] = file.replace(/\.json$/, "").split("@");
    const state = stateOf(rules, name, variant);
    if (!state) continue;
    const event = JSON.parse(body);
    const object = objectIn(rules, event);
    const now = eventSeconds(rules, event);
    const before = JSON.stringify(event);
    makeState(state, object, { rules, now: now ?? 0, newId: (prefix) => prefix + random.chars(24, ALPHANUMERIC) });
    if (JSON.stringify(event) !== before) files.set(file, serialize(event));
    broken.push(...stateViolations(state, object, { rules, now }).map((v) => `${file}: ${v}`));
  }
  if (broken.length) throw new Error(`bodies that contradict their event (fix fixtures/states/${provider}.json):\n${broken.join("\n")}`);
}
