import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderEvent } from "../../src/events/render.js";
import { loadFixtureJson } from "../../src/events/fixture-file.js";
import { eventSeconds, lifecycleViolations, objectIn, stateOf, stateRules, stateViolations, type StateRules } from "../../src/events/states.js";
import { hmacSigner, signerFor } from "../../src/credentials.js";
import { BUILTIN_SCENARIOS } from "../../src/scenarios/builtin.js";
import { renderScenario } from "../../src/scenarios/render.js";
import { createRandom } from "../../src/lib/random.js";
import { listen, trigger, type Hook } from "../../src/index.js";
import { loadProvider } from "../../src/providers/registry.js";
import { renderThin, type ThinTemplate } from "../../src/providers/stripe/thin.js";
import { resourceUrl } from "../../src/providers/stripe/resource-url.js";
import type { JsonObject, Provider, ProviderId } from "../../src/providers/types.js";

// The rules of fixtures/states/<provider>.json, held against everything wh-sim shows of an object:
// the body a trigger sends, an edited body, the thin event's fetch-back and the offline API's
// answer after delivery. Table-driven from the rules: an event whose name states a state and has
// no rule is reported, never passed.

const PROVIDERS: readonly ProviderId[] = ["stripe", "plaid", "truv", "bridge"];
const NOW = new Date("2026-12-01T12:00:00Z");

interface Case {
  readonly input: string;
  readonly name: string;
  readonly variant?: string;
}

async function setUp(id: ProviderId): Promise<{ provider: Provider; rules: StateRules; cases: Case[]; all: Case[] }> {
  const provider = await loadProvider(id);
  const rules = stateRules(id)!;
  const all = provider.events.flatMap((e): Case[] => [
    { input: e.name, name: e.name },
    ...(e.variants ?? []).map((variant) => ({ input: `${e.name}@${variant}`, name: e.name, variant })),
  ]);
  return { provider, rules, all, cases: all.filter((c) => stateOf(rules, c.name, c.variant)) };
}

async function render(provider: Provider, c: Case, edits: string[] = []): Promise<JsonObject> {
  const { body } = await renderEvent(provider, {
    choice: provider.resolveEvent(c.input, {}),
    now: NOW,
    random: createRandom("states"),
    options: {},
    edits: edits.map((spec) => ({ kind: "set", spec })),
  });
  return JSON.parse(body) as JsonObject;
}

function violations(rules: StateRules, c: Case, event: JsonObject, object = objectIn(rules, event)): string[] {
  if (!object) return [`${c.input}: no object at ${rules.object}`];
  return stateViolations(stateOf(rules, c.name, c.variant)!, object, { rules, now: eventSeconds(rules, event) }).map((v) => `${c.input}: ${v}`);
}

describe.each(PROVIDERS)("%s events mean what they say", (id) => {
  let setup: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    setup = await setUp(id);
  });

  it("every event whose name states a state has a rule, or a reason it has none", () => {
    const stating = new RegExp(setup.rules.stating);
    const names = [...new Set(setup.all.map((c) => c.name))];
    // A thin `v1.<type>` event's object is its v1 twin's.
    const ruled = (n: string) => stateOf(setup.rules, n) !== undefined || n in setup.rules.stateless;
    const unruled = names.filter((n) => stating.test(n) && !ruled(n) && !(n.startsWith("v1.") && ruled(n.slice(3))));
    expect(unruled).toEqual([]);
    expect(setup.cases.length).toBeGreaterThan(0);
  });

  it("every rule names an event of the catalogue, and every state is used", () => {
    const known = new Set(setup.all.map((c) => c.input));
    const stale = [...Object.keys(setup.rules.events), ...Object.keys(setup.rules.stateless)].filter((k) => !known.has(k));
    expect(stale).toEqual([]);
    const used = new Set<string>();
    for (const name of Object.values(setup.rules.events)) for (let s: string | undefined = name; s; s = setup.rules.states[s]?.$extends) used.add(s);
    expect(Object.keys(setup.rules.states).filter((s) => !used.has(s))).toEqual([]);
  });

  it("the body each trigger sends is in the state its event names", async () => {
    const broken: string[] = [];
    // A thin event's notification carries no object: its fetch-back is checked below.
    for (const c of setup.cases.filter((c) => !/^v[12]\./.test(c.name))) broken.push(...violations(setup.rules, c, await render(setup.provider, c)));
    expect(broken).toEqual([]);
  });
});

describe("Stripe objects after an edit, in the thin fetch-back and in the offline API", () => {
  let setup: Awaited<ReturnType<typeof setUp>>;
  let hook: Hook;
  beforeAll(async () => {
    setup = await setUp("stripe");
    hook = await listen();
  });
  afterAll(() => hook.close());

  it("an edit of a field a rule derives from carries through; the edited field itself is the user's", async () => {
    const paid = await render(setup.provider, { input: "invoice.paid", name: "invoice.paid" }, ["data.object.amount_due=5000"]);
    const invoice = (paid.data as { object: JsonObject }).object;
    expect([invoice.amount_due, invoice.amount_paid, invoice.amount_remaining, invoice.status]).toEqual([5000, 5000, 0, "paid"]);
    const draft = await render(setup.provider, { input: "invoice.paid", name: "invoice.paid" }, ["data.object.status=draft"]);
    expect((draft.data as { object: JsonObject }).object.status).toBe("draft");
  });

  it("a thin event's related object is in its own state, or in that of its v1 twin", async () => {
    const broken: string[] = [];
    let checked = 0;
    for (const { name: type } of setup.provider.events.filter((e) => /^v[12]\./.test(e.name))) {
      const state = stateOf(setup.rules, type) ?? stateOf(setup.rules, type.replace(/^v1\./, ""));
      if (!state) continue;
      const template = (await loadFixtureJson("stripe", { name: type, fixture: `thin/${type}` })) as unknown as ThinTemplate;
      const thin = renderThin(template, { type, created: NOW, seed: Buffer.alloc(8, 7) });
      if (!thin.relatedObject) continue;
      checked++;
      const now = Math.round(NOW.getTime() / 1000);
      broken.push(...stateViolations(state, thin.relatedObject, { rules: setup.rules, now }).map((v) => `${type}: ${v}`));
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(60);
  });

  it("the offline API answers each object after delivery in the state its event named", async () => {
    const broken: string[] = [];
    let answered = 0;
    for (const c of setup.cases.filter((c) => !/^v[12]\./.test(c.name))) {
      const report = await trigger("stripe", c.input, { url: `${hook.url}/webhook` });
      expect(report.ok).toBe(true);
      const received = await hook.waitFor({ provider: "stripe", id: report.id! });
      const event = JSON.parse(received.body.toString("utf8")) as JsonObject;
      const object = objectIn(setup.rules, event)!;
      const answer = await fetch(`${hook.url}${resourceUrl(String(object.object), object)}`, { headers: { authorization: "Bearer sk_test_states" } });
      if (answer.status !== 200) continue;
      answered++;
      broken.push(...violations(setup.rules, c, event, (await answer.json()) as JsonObject));
    }
    expect(broken).toEqual([]);
    expect(answered).toBeGreaterThan(100);
  });
});

// What each provider's offline API answers of the object an event was about, after the event: the
// fields it holds are held to the event's rule (Truv's link or suborder status, Bridge's item status,
// Plaid's Item error).
type ReadBack = (event: JsonObject, hook: Hook) => Promise<JsonObject | undefined>;
const TRUV_KEYS = { "x-access-client-id": "client", "x-access-secret": "wh_sim_truv_test_access_secret" };
const READ_BACK: Partial<Record<ProviderId, { prepare?: (hook: Hook, c: Case) => Promise<JsonObject>; read: ReadBack }>> = {
  truv: {
    async read(event, hook) {
      const get = (path: string) => fetch(`${hook.url}${path}`, { headers: TRUV_KEYS }).then((r) => r.json() as Promise<JsonObject>);
      if (event.event_type === "task-status-updated") return { status: (await get(`/v1/links/${String(event.link_id)}/`)).status! };
      const order = await get(`/v1/orders/${String(event.order_id)}/`);
      const employer = (order.employers as JsonObject[] | undefined)?.find((e) => e.id === event.employer_id);
      return employer && { status: employer.status! };
    },
  },
  bridge: {
    async read(event, hook) {
      const content = event.content as JsonObject;
      if (event.type !== "item.refreshed") return undefined;
      const headers = { "client-id": "x", "client-secret": "y", "bridge-version": "2025-01-15", "content-type": "application/json" };
      const token = await fetch(`${hook.url}/v3/aggregation/authorization/token`, {
        method: "POST",
        headers,
        body: JSON.stringify({ user_uuid: content.user_uuid }),
      });
      const { access_token } = (await token.json()) as { access_token: string };
      const item = (await (
        await fetch(`${hook.url}/v3/aggregation/items/${String(content.item_id)}`, { headers: { ...headers, authorization: `Bearer ${access_token}` } })
      ).json()) as JsonObject;
      return { status_code: item.status!, status_code_info: item.status_code_info! };
    },
  },
  plaid: {
    // A Sandbox Item for an Item's event to be about.
    async prepare(hook, c) {
      if (!c.name.startsWith("ITEM.")) return {};
      const post = (path: string, body: JsonObject) =>
        fetch(`${hook.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", "plaid-client-id": "c", "plaid-secret": "s" },
          body: JSON.stringify(body),
        }).then((r) => r.json() as Promise<JsonObject>);
      const { public_token } = await post("/sandbox/public_token/create", { institution_id: "ins_109508", initial_products: ["transactions"] });
      const item = await post("/item/public_token/exchange", { public_token: public_token! });
      return { item_id: item.item_id!, access_token: item.access_token! };
    },
    async read(event, hook) {
      if (event.webhook_type !== "ITEM") return undefined;
      const answer = await fetch(`${hook.url}/item/get`, {
        method: "POST",
        headers: { "content-type": "application/json", "plaid-client-id": "c", "plaid-secret": "s" },
        body: JSON.stringify({ access_token: event.access_token }),
      });
      return { error: ((await answer.json()) as { item: JsonObject }).item.error! };
    },
  },
};

describe.each(Object.keys(READ_BACK) as ProviderId[])("%s's offline API after each event with a rule", (id) => {
  it("answers the object in the state its event named", async () => {
    const setup = await setUp(id);
    const hook = await listen();
    const { prepare, read } = READ_BACK[id]!;
    const broken: string[] = [];
    let answered = 0;
    try {
      for (const c of setup.cases) {
        const given = prepare ? await prepare(hook, c) : {};
        const overrides = "item_id" in given ? { item_id: given.item_id! } : undefined;
        const report = await trigger(id, c.input, { url: `${hook.url}/webhook`, ...(overrides ? { overrides } : {}) });
        expect(report.ok, `${c.input}: ${report.error ?? report.status}`).toBe(true);
        const event = { ...(JSON.parse(report.body) as JsonObject), ...given };
        const object = await read(event, hook);
        if (!object) continue;
        answered++;
        const state = stateOf(setup.rules, c.name, c.variant)!.filter((a) => a.path[0]! in object);
        broken.push(...stateViolations(state, object, { rules: setup.rules, now: eventSeconds(setup.rules, event) }).map((v) => `${c.input}: ${v}`));
      }
    } finally {
      await hook.close();
    }
    expect(broken).toEqual([]);
    expect(answered).toBeGreaterThan(5);
  });
});

describe.each(BUILTIN_SCENARIOS.map((s) => [`${s.provider} ${s.name}`, s] as const))("the %s scenario walks its lifecycles", (_name, scenario) => {
  it("each step's object in the state its event names, each object moving only as its lifecycle allows", async () => {
    const provider = await loadProvider(scenario.provider);
    const rules = stateRules(scenario.provider)!;
    const signer = provider.credentialKind === "hmac" ? hmacSigner(provider, [provider.testSecret]) : await signerFor(provider, undefined, {});
    const steps = await renderScenario(provider, scenario, { signer, options: {}, start: NOW, seed: "lifecycle" });
    const broken: string[] = [];
    const objects: JsonObject[] = [];
    for (const { step, delivery, index } of steps) {
      const event = JSON.parse(delivery.body) as JsonObject;
      const choice = provider.resolveEvent(step.event, {});
      const object = objectIn(rules, event);
      if (object) objects.push(object);
      const state = stateOf(rules, choice.name, choice.variant);
      if (state && object)
        broken.push(...stateViolations(state, object, { rules, now: eventSeconds(rules, event) }).map((v) => `step ${index} ${step.event}: ${v}`));
    }
    broken.push(...lifecycleViolations(rules, objects));
    expect(broken).toEqual([]);
  });
});

describe("lifecycles catch a story told backwards", () => {
  it("a paid invoice that then fails, and an unknown state, are both reported", () => {
    const rules = stateRules("stripe")!;
    const invoice = (status: string) => ({ object: "invoice", id: "in_1", status });
    expect(lifecycleViolations(rules, [invoice("open"), invoice("paid"), invoice("open"), invoice("settled")])).toEqual([
      'step 3: the invoice in_1 goes from "paid" to "open", which its lifecycle does not allow',
      'step 4: the invoice in_1 is "settled", a state its lifecycle does not know',
    ]);
  });
});
