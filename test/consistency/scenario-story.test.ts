// Built-in scenarios tell a story that moves forward: one object throughout, its times never going
// back from one step to the next, and what a step does not change staying as the last step left it.
import { describe, expect, it } from "vitest";
import { hmacSigner, keypairSigner } from "../../src/credentials.js";
import { loadProvider } from "../../src/providers/registry.js";
import type { Provider } from "../../src/providers/types.js";
import { BUILTIN_SCENARIOS } from "../../src/scenarios/builtin.js";
import { renderScenario } from "../../src/scenarios/render.js";
import { stateOf, stateRules } from "../../src/events/states.js";
import { generateKeyPairSync } from "node:crypto";

type Leaves = Map<string, unknown>;
const leaves = (value: unknown, path = "", out: Leaves = new Map()): Leaves => {
  if (value && typeof value === "object" && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  else out.set(path, value);
  return out;
};
const TIME = /(^|\.)(created|as_of|timestamp|[a-z_]*_at|date)$/;
const asTime = (v: unknown) =>
  typeof v === "number" ? v * (v < 1e11 ? 1000 : 1) : typeof v === "string" && /^\d{4}-\d\d-\d\dT/.test(v) ? Date.parse(v) : undefined;

function signerOf(provider: Provider) {
  if (provider.credentialKind === "hmac") return hmacSigner(provider, [provider.testSecret]);
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return keypairSigner(provider, { kid: "story", privateKey, publicJwk: {} });
}

/** The fields that name what every step is about, in flat events: they must never change along a story. */
const IDENTITY = /^(user_id|item_id|link_id|order_id|task_id|content\.(item_id|user_uuid|account_id|payment_link_id|payment_transaction_id))$/;

describe.each(BUILTIN_SCENARIOS.map((s) => [`${s.provider} ${s.name}`, s] as const))("%s", (_name, scenario) => {
  it("moves forward: times never go back, and what a step is not about stays put", async () => {
    const provider = await loadProvider(scenario.provider);
    const steps = await renderScenario(provider, scenario, { signer: signerOf(provider), options: {}, start: new Date(), seed: "story" });
    const problems: string[] = [];
    // Stripe's: the event's object; elsewhere the event itself.
    const subject = (p: Record<string, unknown>) => (p.data as { object?: Record<string, unknown> } | undefined)?.object ?? p;
    const subjects = steps.map((s) => subject(JSON.parse(s.delivery.body) as Record<string, unknown>));
    for (let i = 1; i < steps.length; i++) {
      // Compared with the last step about the same object (a story may interleave two), else the step before.
      const id = subjects[i]!.id;
      const earlier =
        id === undefined
          ? -1
          : subjects
              .slice(0, i)
              .map((s) => s.id)
              .lastIndexOf(id);
      const [before, after] = [subjects[earlier >= 0 ? earlier : i - 1]!, subjects[i]!];
      const [a, b] = [leaves(before), leaves(after)];
      const object = a.get("id") !== undefined;
      const same = !object || a.get("id") === b.get("id");
      // A step changes what it says it does, and what its event's name says of the object (fixtures/states/).
      const rules = stateRules(scenario.provider);
      const stated = rules
        ? (stateOf(rules, provider.resolveEvent(steps[i]!.step.event, {}).name, provider.resolveEvent(steps[i]!.step.event, {}).variant) ?? [])
        : [];
      const changes = [...(steps[i]!.step.carry?.except ?? []), ...stated.map((a) => a.path[0]!)];
      for (const [path, value] of b) {
        if (!a.has(path)) continue;
        const old = a.get(path);
        const [t0, t1] = [asTime(old), asTime(value)];
        if (TIME.test(path) && t0 !== undefined && t1 !== undefined) {
          if (t1 < t0) problems.push(`step ${i + 1} ${steps[i]!.step.event}: ${path} went back (${String(old)} → ${String(value)})`);
          continue;
        }
        if (!same || JSON.stringify(old) === JSON.stringify(value)) continue;
        // An object's field the step does not say it changes, or a flat event's identity, stays put.
        if (object ? changes.includes(path.split(".")[0]!) : !IDENTITY.test(path)) continue;
        problems.push(`step ${i + 1} ${steps[i]!.step.event}: ${path} changed (${JSON.stringify(old)} → ${JSON.stringify(value)})`);
      }
    }
    expect(problems).toEqual([]);
  });
});
