// The tools that send: trigger, scenario, run (the one send plan, the run-file runner).
import { SEND_DEFAULTS } from "../defaults.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { runSteps } from "../send/run-steps.js";
import { WhSimError } from "../lib/errors.js";
import type { JsonObject } from "../providers/types.js";
import { isScenarioFile, type SendRequest } from "../send/plan.js";
import type { DeliveryReport } from "../send/report.js";
import { send } from "../send/run.js";
import { confinedFile } from "./files.js";
import { chaosOf, chaosSchema, EVENT, line, PROVIDER, reportOut, reportShape, result, tool, type Result } from "./result.js";

export function registerSendingTools(server: McpServer, roots: readonly string[]): void {
  const sendTool = async (request: SendRequest): Promise<Result> => {
    const finals: DeliveryReport[] = [];
    await send(request, { onFinal: (r) => void finals.push(r) });
    const reports = finals.map(reportOut);
    const last = reports.at(-1);
    return result(reports.map(line).join("\n"), { ok: reports.every((r) => r.ok), ...(last ?? {}), deliveries: reports });
  };
  const common = {
    url: z.string().describe("where to send, e.g. http://localhost:3000/webhook (a listener's url + a path)"),
    secret: z.string().optional().describe("the signing secret (default: the provider's built-in test secret)"),
    chaos: chaosSchema,
  };

  server.registerTool(
    "trigger",
    {
      description:
        "Build an event from its fixture, sign it exactly as the provider does, and POST it; a refused delivery is ok: false with the app's answer and a hint, not an error.",
      inputSchema: {
        provider: PROVIDER,
        event: EVENT,
        ...common,
        overrides: z.record(z.string(), z.unknown()).optional().describe('fields the event has, by dot path: {"data.object.status": "inactive"}'),
        add: z.record(z.string(), z.unknown()).optional().describe("fields it lacks, by dot path"),
        remove: z.array(z.string()).optional().describe("fields to remove, by dot path"),
        data: z.record(z.string(), z.unknown()).optional().describe("JSON deep-merged into the event"),
        api_version: z.string().optional().describe("stripe: 2026-11-18.endive (default), 2026-10-28.endive, 2026-07-29.dahlia"),
        count: z.number().int().min(1).max(1000).optional().describe("distinct events to send"),
      },
      outputSchema: { ...reportShape, deliveries: z.array(z.object(reportShape)) },
    },
    (a) =>
      tool(async () => {
        const { editsFrom } = await import("../events/edit.js");
        return sendTool({
          provider: a.provider,
          what: {
            kind: "event",
            event: a.event,
            ...(a.data ? { data: a.data as JsonObject } : {}),
            edits: editsFrom({ set: a.overrides, add: a.add, remove: a.remove }),
          },
          url: a.url,
          secrets: a.secret ? [a.secret] : undefined,
          providerOptions: { apiVersion: a.api_version },
          chaos: chaosOf(a.chaos),
          count: a.count,
        });
      }),
  );

  server.registerTool(
    "scenario",
    {
      description: "Send a realistic sequence of a provider's events (e.g. stripe fc-account-lifecycle), the same objects throughout; one report per delivery.",
      inputSchema: {
        provider: PROVIDER,
        name: z.string().describe("a built-in scenario (e.g. fc-account-lifecycle; wh-sim list --scenarios) or a scenario file's path"),
        ...common,
        shuffle: z.boolean().optional().describe("send the steps out of order"),
        seed: z.string().optional().describe("reproducible ids and order"),
        duplicate_rate: z.number().min(0).max(1).optional().describe("the share of steps sent twice"),
      },
      outputSchema: { ...reportShape, deliveries: z.array(z.object(reportShape)) },
    },
    (a) =>
      tool(() =>
        sendTool({
          provider: a.provider,
          // A file's path (not a built-in's name) is read only under the allowed folders.
          what: { kind: "scenario", name: isScenarioFile(a.name) ? confinedFile(a.name, roots) : a.name, shuffle: a.shuffle, duplicateRate: a.duplicate_rate },
          url: a.url,
          secrets: a.secret ? [a.secret] : undefined,
          chaos: chaosOf(a.chaos),
          seed: a.seed,
        }),
      ),
  );

  server.registerTool(
    "run",
    {
      description: "Run a smoke-test file (as `wh-sim run`): each step a trigger or scenario with what it must get.",
      inputSchema: {
        file: z.string().optional().describe("a run file's path"),
        yaml: z.string().optional().describe("or the file's text"),
        url: z.string().optional().describe("the target for every step"),
      },
      outputSchema: {
        ok: z.boolean(),
        steps: z.array(
          z.object({ step: z.string(), ok: z.boolean(), time_s: z.number(), failure: z.object({ message: z.string(), detail: z.string() }).optional() }),
        ),
      },
    },
    (a) =>
      tool(async () => {
        if (!a.file === !a.yaml) throw new WhSimError("give file or yaml (one of them)", 2);
        // The text in a folder of its own, removed afterwards; a path only under the allowed folders.
        const folder = a.yaml ? mkdtempSync(join(tmpdir(), "wh-sim-mcp-run-")) : undefined;
        const file = folder ? join(folder, "run.yml") : confinedFile(a.file!, roots);
        let results;
        try {
          if (folder) writeFileSync(file, a.yaml!);
          ({ results } = await runSteps(file, { ...(a.url ? { url: a.url } : {}), timeout: SEND_DEFAULTS.timeoutMs }));
        } finally {
          if (folder) rmSync(folder, { recursive: true, force: true });
        }
        const steps = results.map((r) => ({ step: r.name, ok: r.ok, time_s: r.seconds, ...(r.failure ? { failure: r.failure } : {}) }));
        return result(steps.map((s) => `${s.ok ? "✔" : "✖"} ${s.step}${s.failure ? `: ${s.failure.message}` : ""}`).join("\n"), {
          ok: steps.every((s) => s.ok),
          steps,
        });
      }),
  );
}
