// The chaos flags live in one table (src/chaos-flags.ts): the command line, the run file, MCP and
// the library take exactly its flags, the reports name each, and what forges a delivery is its say.
import { triggerInput } from "../../src/operations/schemas.js";
import { describe, expect, it } from "vitest";
import { CHAOS_FLAGS, chaosFromNames } from "../../src/chaos-flags.js";
import { forges, resolveChaos } from "../../src/chaos.js";
import { createProgram } from "../../src/cli/program.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { plaid } from "../../src/providers/plaid/index.js";
import { RunFileSchema } from "../../src/scenarios/run-file.js";

const flags = CHAOS_FLAGS.map((f) => f.flag);

describe("the one chaos table", () => {
  it("trigger and scenario have exactly its options", () => {
    const program = createProgram();
    for (const name of ["trigger", "scenario"]) {
      const command = program.commands.find((c) => c.name() === name)!;
      const chaos = command.options.filter((o) => o.description.startsWith("chaos: ")).map((o) => o.long!.replace(/^--/, ""));
      expect(chaos.sort(), name).toEqual([...flags].sort());
    }
  });

  it("a run file, MCP and the control plane (through the operations) take exactly its names, and refuse another with the nearest", () => {
    for (const flag of flags) {
      expect(RunFileSchema.safeParse({ steps: [{ trigger: "stripe invoice.paid", chaos: [flag] }] }).success, flag).toBe(true);
      expect(Object.keys(chaosFromNames([flag])), flag).toEqual([CHAOS_FLAGS.find((f) => f.flag === flag)!.key]);
    }
    expect(RunFileSchema.safeParse({ steps: [{ trigger: "stripe invoice.paid", chaos: ["tamperd"] }] }).success).toBe(false);
    expect(() => chaosFromNames(["tamperd"])).toThrow(/unknown chaos "tamperd" \(did you mean tamper\?\)/);
    // MCP's trigger and the control plane's take the operations' schema, whose chaos is these names.
    expect(triggerInput.safeParse({ provider: "stripe", event: "invoice.paid", chaos: flags }).success).toBe(true);
    expect(chaosFromNames({ duplicate: 2, "wrong-secret": true })).toEqual({ duplicate: 2, wrongSecret: true });
  });

  it("the library's request takes each key; each is named in reports; forging is the table's say", () => {
    for (const f of CHAOS_FLAGS) {
      const provider = f.key === "unknownKid" || f.key === "expiredKey" ? plaid : stripe;
      const chaos = resolveChaos(provider, { [f.key]: true });
      expect(chaos.names.join(" "), f.flag).toContain(f.label);
      expect(forges(chaos), f.flag).toBe(f.forges);
    }
  });
});
