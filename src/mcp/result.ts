// What every tool shares: its result (text for a person, structured content for an agent), its
// errors as tool errors, and the argument and report shapes several tools use.
import { z } from "zod";
import { WhSimError } from "../lib/errors.js";
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
/** A delivery's report in MCP's words, from its `trigger --json` shape (as the operations give it): the app's answer is `response`. */
export interface McpReport {
  ok: boolean;
  event: string;
  url: string;
  status?: number;
  id?: string;
  durationMs?: number;
  response?: string;
  error?: string;
  hint?: string;
  chaos?: string[];
  step?: string;
}
export const mcpReport = (r: Record<string, unknown>): McpReport => {
  const kept = Object.fromEntries(Object.entries(r).filter(([key]) => Object.hasOwn(reportShape, key))) as Omit<McpReport, "ok">;
  const answer = typeof r.response_body === "string" && r.response_body ? { response: r.response_body.slice(0, 2000) } : {};
  return { ...kept, ok: r.ok === true, ...answer };
};
export const line = (r: McpReport) =>
  `${r.ok ? "✔" : "✖"} ${r.step ? `step ${r.step} ` : ""}${r.event} ${r.id ?? ""} → ${r.status ?? r.error ?? "no answer"}${r.hint ? ` (hint: ${r.hint})` : ""}`;

/** A signer for rendering an example body (signatures are not part of it). */
export function hmacSignerOrNone(provider: Awaited<ReturnType<typeof resolveProvider>>) {
  return provider.credentialKind === "hmac" ? hmacSigner(provider, [provider.testSecret]) : { source: "example", shown: "", secrets: [], sign: () => ({}) };
}
