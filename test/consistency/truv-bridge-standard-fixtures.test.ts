import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { FIXTURES_DIR } from "../../src/events/fixture-file.js";
import { bridge } from "../../src/providers/bridge/index.js";
import { BridgeEventSchema } from "../../src/providers/bridge/schema.js";
import { standard } from "../../src/providers/standard/index.js";
import { StandardEventSchema } from "../../src/providers/standard/schema.js";
import { truv } from "../../src/providers/truv/index.js";
import { TruvEventSchema } from "../../src/providers/truv/schema.js";
import type { Provider } from "../../src/providers/types.js";

const cases: [Provider, ZodType, string][] = [
  [truv, TruvEventSchema, "event_type"],
  [bridge, BridgeEventSchema, "type"],
  [standard, StandardEventSchema, "type"],
];

describe.each(cases)("%s fixtures", (provider, schema, typeKey) => {
  const dir = `${FIXTURES_DIR}${provider.id}/`;
  const files = readdirSync(dir);

  it("match the registry both ways", () => {
    const expected = provider.events.flatMap((e) => [`${e.name}.json`, ...(e.variants ?? []).map((v) => `${e.name}@${v}.json`)]);
    expect([...files].sort()).toEqual(expected.sort());
  });

  it("each passes the envelope schema, names its event, and is serialised as the provider sends it", () => {
    for (const file of files) {
      const text = readFileSync(dir + file, "utf8");
      const payload = JSON.parse(text);
      expect(schema.safeParse(payload).error?.issues ?? []).toEqual([]);
      expect(payload[typeKey]).toBe(file.replace(/(@.*)?\.json$/, ""));
      expect(provider.serialize(payload)).toBe(text);
    }
  });
});

describe("the Truv and Bridge catalogues", () => {
  it("hold Truv's 17 confirmed events plus the 2 less certain order events, marked", () => {
    expect(truv.events).toHaveLength(19);
    expect(
      truv.events
        .filter((e) => e.flags?.some((f) => f.startsWith("less certain")))
        .map((e) => e.name)
        .sort(),
    ).toEqual(["certification-completed", "order-finalized"]);
  });

  it("hold both Bridge API versions and TEST_EVENT", () => {
    const names = bridge.events.map((e) => e.name);
    for (const name of [
      "TEST_EVENT",
      "item.created",
      "item.refreshed",
      "item.account.created",
      "item.account.updated",
      "item.account.deleted",
      "user.deleted",
      "item.deleted",
      "payment.transaction.created",
      "payment.transaction.updated",
      "payment.link.updated",
    ]) {
      expect(names).toContain(name);
    }
    const v2021 = JSON.parse(readFileSync(`${FIXTURES_DIR}bridge/item.refreshed@2021.06.01.json`, "utf8"));
    expect(v2021.content).not.toHaveProperty("authentication_expires_at");
    expect(JSON.parse(readFileSync(`${FIXTURES_DIR}bridge/item.refreshed.json`, "utf8")).content).toHaveProperty("authentication_expires_at");
  });
});
