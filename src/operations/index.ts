// What a listener can be asked to do, written once: the HTTP control plane, MCP's tools and the
// library are faces of these (each input checked by its schema, each answer plain JSON).
import type { z } from "zod";
import { chaosFromNames } from "../chaos-flags.js";
import { UsageError } from "../lib/errors.js";
import { matches, type Received } from "../listen/received-log.js";
import type { ListenerView } from "../listen/types.js";
import { redactHeaders } from "../recording/redact.js";
import type { JsonObject } from "../providers/types.js";
import type { SendRequest } from "../send/plan.js";
import { reportJson, type DeliveryReport } from "../send/report.js";
import { SEND_DEFAULTS } from "../defaults.js";
import * as schema from "./schemas.js";

export type RequestOut = z.infer<typeof schema.request>;

/** How a face lets a scenario file be read (MCP: only under its allowed folders); by default only built-in scenarios. */
export interface OperationSettings {
  scenarioFile?(path: string): string;
}

/** The operations on one listener (or on none: then a send needs its `url`). */
export function operations(listener: ListenerView | undefined, settings: OperationSettings = {}) {
  const deliver = async (request: SendRequest) => {
    const { send } = await import("../send/run.js");
    const finals: DeliveryReport[] = [];
    await send(request, { onFinal: (r) => void finals.push(r) });
    return { ok: finals.every((r) => r.ok === true), deliveries: finals.map(reportJson) };
  };
  // No URL: through this listener (it verifies what it receives, then relays it to its --forward-to
  // target), signed with what it verifies with.
  const target = (input: { provider: string; url?: string | undefined; secret?: string | undefined }) => {
    if (input.url === undefined && !listener) throw new UsageError("url: give where to send (no listener is running here to send through)");
    return {
      url: input.url ?? listener!.webhookUrl,
      secrets: input.secret ? [input.secret] : input.url === undefined ? listener!.signingSecrets(input.provider) : undefined,
    };
  };
  const need = () => {
    if (!listener) throw new UsageError("no listener is running");
    return listener;
  };
  return {
    async trigger(given: unknown) {
      const input = parse(schema.triggerInput, given, "trigger");
      const { editsFrom } = await import("../events/edit.js");
      return deliver({
        provider: input.provider,
        what: { kind: "event", event: input.event, ...(input.data ? { data: input.data as JsonObject } : {}), edits: editsFrom(input) },
        ...target(input),
        providerOptions: { apiVersion: input.api_version },
        chaos: chaosFromNames(input.chaos),
        count: input.count,
      });
    },
    async scenario(given: unknown) {
      const input = parse(schema.scenarioInput, given, "scenario");
      const { isScenarioFile } = await import("../send/plan.js");
      if (isScenarioFile(input.name) && !settings.scenarioFile)
        throw new UsageError(`scenario: name: "${input.name}" is a file; here only a built-in scenario is sent`, "wh-sim list --scenarios names them");
      const name = isScenarioFile(input.name) ? settings.scenarioFile!(input.name) : input.name;
      return deliver({
        provider: input.provider,
        what: { kind: "scenario", name, shuffle: input.shuffle, duplicateRate: input.duplicate_rate },
        ...target(input),
        chaos: chaosFromNames(input.chaos),
        seed: input.seed,
      });
    },
    requests(given: unknown) {
      const { limit = 100, ...match } = parse(schema.requestsInput, given, "requests");
      const { received, next } = need();
      const found = received.filter((r) => matches(r, match)).slice(-limit);
      return { requests: found.map(requestOut), next };
    },
    /** The first matching request (after `after`, or not returned by an earlier wait); rejects with `WaitTimeoutError`. */
    async wait(given: unknown) {
      const { timeout_ms = SEND_DEFAULTS.timeoutMs, ...match } = parse(schema.waitInput, given, "wait");
      return requestOut(await need().waitFor({ ...match, timeoutMs: timeout_ms }));
    },
    async reset(given: unknown) {
      const input = parse(schema.resetInput, given ?? {}, "reset");
      return need().reset(input.providers);
    },
    secrets() {
      const { secrets, verifiers } = need();
      return {
        secrets: secrets.map(({ provider, shown }) => {
          const known = verifiers.known.find((k) => k.provider.id === provider);
          const full = known?.verify?.secrets[0];
          return {
            provider,
            shown,
            // In full only what the banner shows in full (the built-in test secrets), never the user's.
            ...(full !== undefined && full === shown ? { secret: full } : {}),
            ...(known?.verify?.jwks?.length ? { public_key: known.verify.jwks.find((k) => k.expired_at === null) ?? known.verify.jwks[0] } : {}),
          };
        }),
      };
    },
  };
}

/** A received request as every face shows it (credentials redacted, the body as text). */
export function requestOut(r: Received): RequestOut {
  const v = r.verdict as { status: string; reason?: string; message?: string };
  return {
    seq: r.seq,
    time: r.time.toISOString(),
    kind: r.kind,
    method: r.method,
    path: r.path,
    provider: r.provider ?? null,
    event: r.event ?? null,
    id: r.id ?? null,
    verdict: v.status,
    reason: v.reason ?? null,
    message: v.message ?? null,
    status: r.status,
    headers: redactHeaders(r.headers),
    body: r.body.toString("utf8"),
  };
}

/** The input checked by its schema; what is wrong said as a usage error that names what is valid. */
function parse<T extends z.ZodType>(schema: T, given: unknown, operation: string): z.infer<T> {
  const parsed = schema.safeParse(given ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? issue.path.join(".") : "the request";
  const keys = issue.code === "unrecognized_keys" ? ` (${operation} takes ${Object.keys((schema as unknown as z.ZodObject).shape).join(", ")})` : "";
  throw new UsageError(`${operation}: ${where}: ${issue.message}${keys}`);
}
