// The tools that send: trigger, scenario, run (the one send plan, the run-file runner).
import { SEND_DEFAULTS } from "../defaults.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { runSteps } from "../send/run-steps.js";
import { WhSimError } from "../lib/errors.js";
import { operations } from "../operations/index.js";
import * as schema from "../operations/schemas.js";
import type { McpContext } from "./context.js";
import { confinedFile } from "./files.js";
import { line, mcpReport, reportShape, result, tool, type Result } from "./result.js";

export function registerSendingTools(server: McpServer, context: McpContext, roots: readonly string[]): void {
  // The operations the control plane answers with, on the listener running (if any): a file's path
  // (not a built-in scenario's name) is read only under the allowed folders.
  const ops = () => operations(context.listener(), { scenarioFile: (path) => confinedFile(path, roots) });
  const delivered = ({ ok, deliveries }: { ok: boolean; deliveries: Record<string, unknown>[] }): Result => {
    const reports = deliveries.map(mcpReport);
    return result(reports.map(line).join("\n"), { ok, ...(reports.at(-1) ?? {}), deliveries: reports });
  };
  const outputSchema = { ...reportShape, deliveries: z.array(z.object(reportShape)) };

  server.registerTool(
    "trigger",
    {
      description:
        "Build an event from its fixture, sign it exactly as the provider does, and POST it (to url, or through the running listener); a refused delivery is ok: false with the app's answer and a hint, not an error.",
      inputSchema: schema.triggerInput.shape,
      outputSchema,
    },
    (a) => tool(async () => delivered(await ops().trigger(a))),
  );

  server.registerTool(
    "scenario",
    {
      description: "Send a realistic sequence of a provider's events (e.g. stripe fc-account-lifecycle), the same objects throughout; one report per delivery.",
      inputSchema: {
        ...schema.scenarioInput.shape,
        name: z.string().describe("a built-in scenario (e.g. fc-account-lifecycle; wh-sim list --scenarios) or a scenario file's path"),
      },
      outputSchema,
    },
    (a) => tool(async () => delivered(await ops().scenario(a))),
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
