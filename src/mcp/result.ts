// What every tool shares: its result (text for a person, structured content for an agent), its
// errors as tool errors, and the argument and report shapes several tools use.
import { z } from "zod";
import { WhSimError } from "../lib/errors.js";
import type { Received } from "../library/listen.js";
import type { DeliveryReport } from "../send/report.js";
import { CHAOS_FLAGS, chaosFromNames } from "../chaos-flags.js";
import { providerList, type resolveProvider } from "../providers/registry.js";
import { hmacSigner } from "../credentials.js";

export type Result = { content: { type: "text"; text: string }[]; structuredContent?: Record<string, unknown>; isError?: boolean };
export const result = (text: string, structured: Record<string, unknown>): Result => ({ content: [{ type: "text", text }], structuredContent: structured });
export const failure = (text: string): Result => ({ content: [{ type: "text", text }], isError: true });

/** A tool's work, with what went wrong said as a tool error an agent can act on (never a crash of the server). */
export async function tool(run: () => Promise<Result>): Promise<Result> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WhSimError) return failure(`${error.message}${error.hint ? `\nhint: ${error.hint}` : ""}`);
    if (error instanceof Error) return failure(error.message);
    return failure(String(error));
  }
}

export const PROVIDER = z.string().describe(providerList());
export const EVENT = z.string().describe("the provider's event name, e.g. financial_connections.account.refreshed_balance (Plaid: TYPE.CODE or the bare code)");

export const chaosSchema = z
  .union([z.array(z.string()), z.record(z.string(), z.union([z.boolean(), z.number()]))])
  .optional()
  .describe(`What providers do to a handler, on purpose: ["tamper", "stale"] or {"duplicate": 2}; names: ${CHAOS_FLAGS.map((f) => f.flag).join(", ")}`);
/** MCP's chaos as a request: the one table's names, an unknown one a tool error with the nearest. */
export const chaosOf = (chaos: z.infer<typeof chaosSchema>) => chaosFromNames(chaos);

export const reportShape = {
  ok: z.boolean(),
  status: z.number().optional(),
  id: z.string().optional(),
  event: z.string(),
  url: z.string(),
  durationMs: z.number().optional(),
  response: z.string().optional(),
  error: z.string().optional(),
  hint: z.string().optional(),
  chaos: z.array(z.string()).optional(),
  step: z.string().optional(),
};
export const reportOut = (r: DeliveryReport) => ({
  ok: r.ok ?? false,
  event: r.event,
  url: r.url,
  ...(r.status !== undefined ? { status: r.status } : {}),
  ...(r.id ? { id: r.id } : {}),
  ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}),
  ...(r.responseBody ? { response: r.responseBody.slice(0, 2000) } : {}),
  ...(r.error ? { error: r.error } : {}),
  ...(r.hint ? { hint: r.hint } : {}),
  ...(r.chaos ? { chaos: [...r.chaos] } : {}),
  ...(r.step ? { step: r.step } : {}),
});
export const line = (r: ReturnType<typeof reportOut>) =>
  `${r.ok ? "✔" : "✖"} ${r.step ? `step ${r.step} ` : ""}${r.event} ${r.id ?? ""} → ${r.status ?? r.error ?? "no answer"}${r.hint ? ` (hint: ${r.hint})` : ""}`;

export const summary = (r: Received, seq: number) => ({
  seq,
  provider: r.provider ?? null,
  event: r.event ?? null,
  id: r.id ?? null,
  path: r.path,
  verdict: r.verdict.status,
  reason: (r.verdict as { reason?: string }).reason ?? null,
  status: r.status,
});

/** A signer for rendering an example body (signatures are not part of it). */
export function hmacSignerOrNone(provider: Awaited<ReturnType<typeof resolveProvider>>) {
  return provider.credentialKind === "hmac" ? hmacSigner(provider, [provider.testSecret]) : { source: "example", shown: "", secrets: [], sign: () => ({}) };
}
