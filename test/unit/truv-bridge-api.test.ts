// The Truv and Bridge APIs' world, in-process: what an event changes is changed once, however often
// the same body is seen, and the marks that say so stay bounded.
import { describe, expect, it } from "vitest";
import { bridge } from "../../src/providers/bridge/index.js";
import { accountById } from "../../src/providers/bridge/api/state.js";
import { truv } from "../../src/providers/truv/index.js";
import { linkById } from "../../src/providers/truv/api/state.js";
import type { JsonObject, WorldView } from "../../src/providers/types.js";

function memoryWorld(): WorldView & { size(kind: string): number } {
  const docs = new Map<string, string>();
  return {
    get: <T>(kind: string, id: string) => (docs.has(`${kind}/${id}`) ? (JSON.parse(docs.get(`${kind}/${id}`)!) as T) : undefined),
    put: (kind, id, doc) => void docs.set(`${kind}/${id}`, JSON.stringify(doc)),
    list: (kind) => [...docs.keys()].filter((k) => k.startsWith(`${kind}/`)).map((k) => k.slice(kind.length + 1)),
    size: (kind) => [...docs.keys()].filter((k) => k.startsWith(`${kind}/`)).length,
  };
}
const USER = "766b2f5d-a942-492c-9ea7-2e5aa88cb672";
const accountUpdate = (n: number, nb: number) => ({
  type: "item.account.updated",
  timestamp: 1_722_000_000_323 + n,
  content: {
    account_id: 22908770,
    item_id: 4568477,
    user_uuid: USER,
    balance: 10,
    nb_new_transactions: nb,
    nb_updated_transactions: 0,
    nb_deleted_transactions: 0,
  },
});

describe("observing events", () => {
  it("Bridge: the same body twice adds its transactions once; another body adds its own", () => {
    const world = memoryWorld();
    const observe = (payload: JsonObject) => bridge.api!.observe!(payload, JSON.stringify(payload), { world, now: new Date() });
    observe(accountUpdate(0, 5));
    const first = accountById(world, 22908770)!.log.length;
    observe(accountUpdate(0, 5));
    expect(accountById(world, 22908770)!.log.length).toBe(first);
    observe(accountUpdate(1, 2));
    expect(accountById(world, 22908770)!.log.length).toBe(first + 2);
  });

  it("Truv: a caused event is remembered, not applied again; statements counts follow the last event", () => {
    const world = memoryWorld();
    const link = "d8a8945ee2b049b193110cfba643f5df";
    const event = (objects_count: number) => ({
      event_type: "statements-updated",
      link_id: link,
      objects_count,
      webhook_id: `${objects_count}`.padStart(32, "0"),
    });
    truv.api!.observe!(event(4), JSON.stringify(event(4)), { world, now: new Date() });
    expect(linkById(world, link)!.statements).toBe(4);
    truv.api!.observe!(event(7), JSON.stringify(event(7)), { world, now: new Date() }, true);
    expect(linkById(world, link)!.statements).toBe(4);
  });

  it("the seen marks stay in 256 documents, however many events", () => {
    const world = memoryWorld();
    for (let i = 0; i < 3000; i++) bridge.api!.observe!(accountUpdate(i, 0), JSON.stringify(accountUpdate(i, 0)), { world, now: new Date() });
    expect(world.size("bridge-seen")).toBeLessThanOrEqual(256);
  });
});
