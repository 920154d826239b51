import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { runSteps } from "../cli/commands/run.js";
import { verifierFor } from "../credentials.js";
import { prepareDelivery } from "../delivery.js";
import { deliver } from "../http/deliver.js";
import { endToEndHeaders, headerMap } from "../http/hop-by-hop.js";
import { WhSimError } from "../lib/errors.js";
import { packageVersion } from "../lib/package-version.js";

import type { Hook, Received } from "../library/listen.js";
import { verdictView } from "../listen/inspect.js";
import { availableProviders, loadCatalogue, resolveProvider } from "../providers/registry.js";
import type { JsonObject } from "../providers/types.js";
import { resignedHeaders } from "../recording/resign.js";
import { toRecordedRequest } from "../recording/format.js";
import { camel } from "../scenarios/run-file.js";
import type { SendRequest } from "../send/plan.js";
import type { DeliveryReport } from "../send/report.js";
import { send } from "../send/run.js";
import { hmacSigner } from "../credentials.js";

/** What the tools act on: the listener an agent reads from, started by a tool or the one serving MCP. */
export interface McpContext {
  listener(): Hook | undefined;
  /** Starts one (stdio); absent when the server is the listener's own (`listen --mcp`). */
  start?(options: { port?: number; secrets?: Record<string, string>; forwardTo?: string }): Promise<Hook>;
  stop?(): Promise<void>;
}

type Result = { content: { type: "text"; text: string }[]; structuredContent?: Record<string, unknown>; isError?: boolean };
const result = (text: string, structured: Record<string, unknown>): Result => ({ content: [{ type: "text", text }], structuredContent: structured });
const failure = (text: string): Result => ({ content: [{ type: "text", text }], isError: true });

/** A tool's work, with what went wrong said as a tool error an agent can act on (never a crash of the server). */
async function tool(run: () => Promise<Result>): Promise<Result> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WhSimError) return failure(`${error.message}${error.hint ? `\nhint: ${error.hint}` : ""}`);
    if (error instanceof TypeError || error instanceof Error) return failure(error.message);
    return failure(String(error));
  }
}

const PROVIDER = z.string().describe("stripe, plaid, truv, bridge or standard");
const EVENT = z.string().describe("the provider's event name, e.g. financial_connections.account.refreshed_balance (Plaid: TYPE.CODE or the bare code)");

const chaosSchema = z
  .union([z.array(z.string()), z.record(z.string(), z.union([z.boolean(), z.number()]))])
  .optional()
  .describe(
    'What providers do to a handler, on purpose: ["tamper", "stale"] or {"duplicate": 2}; names: duplicate, stale, future, wrong-secret, tamper, malformed-signature, no-signature, unknown-kid, expired-key, rotate',
  );
const chaosOf = (chaos: z.infer<typeof chaosSchema>) =>
  Object.fromEntries((Array.isArray(chaos) ? chaos.map((c) => [c, true] as const) : Object.entries(chaos ?? {})).map(([k, v]) => [camel(k), v]));

const reportShape = {
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
const reportOut = (r: DeliveryReport) => ({
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
const line = (r: ReturnType<typeof reportOut>) =>
  `${r.ok ? "✔" : "✖"} ${r.step ? `step ${r.step} ` : ""}${r.event} ${r.id ?? ""} → ${r.status ?? r.error ?? "no answer"}${r.hint ? ` (hint: ${r.hint})` : ""}`;

const summary = (r: Received, seq: number) => ({
  seq,
  provider: r.provider ?? null,
  event: r.event ?? null,
  id: r.id ?? null,
  path: r.path,
  verdict: r.verdict.status,
  reason: (r.verdict as { reason?: string }).reason ?? null,
  status: r.status,
});

/** wh-sim's tools, resources and prompt, over any transport. */
export function createMcpServer(context: McpContext): McpServer {
  const server = new McpServer({ name: "wh-sim", version: packageVersion() }, { capabilities: { tools: {}, resources: {}, prompts: {} } });
  const needListener = () => {
    const hook = context.listener();
    if (!hook) throw new WhSimError("no listener is running", 2, context.start ? "call start_listener first" : undefined);
    return hook;
  };

  server.registerTool(
    "list_events",
    {
      description: "The webhook events wh-sim can send, by provider (stripe, plaid, truv, bridge, standard), with a one-line description each.",
      inputSchema: {
        provider: z.string().optional().describe("only this provider's events: stripe, plaid, truv, bridge or standard"),
        search: z.string().optional().describe("only events whose name or description holds this text"),
      },
      outputSchema: { events: z.array(z.object({ provider: z.string(), name: z.string(), description: z.string() })) },
    },
    ({ provider, search }) =>
      tool(async () => {
        const ids = provider ? [(await resolveProvider(provider)).id] : availableProviders();
        const needle = search?.toLowerCase();
        const events = (await Promise.all(ids.map(loadCatalogue))).flatMap((c) =>
          c.events
            .filter((e) => !needle || `${e.name} ${e.description}`.toLowerCase().includes(needle))
            .map((e) => ({ provider: c.id, name: e.name, description: e.description })),
        );
        return result(
          events
            .slice(0, 400)
            .map((e) => `${e.provider} ${e.name} — ${e.description}`)
            .join("\n") || "no event matches",
          { events },
        );
      }),
  );

  server.registerTool(
    "describe_event",
    {
      description: "One event: its description, variants, the Stripe API versions it exists at, and an example body as wh-sim sends it.",
      inputSchema: { provider: PROVIDER, event: EVENT },
      outputSchema: {
        provider: z.string(),
        event: z.string(),
        description: z.string(),
        variants: z.array(z.string()),
        versions: z.array(z.string()),
        example: z.record(z.string(), z.unknown()),
      },
    },
    ({ provider: name, event }) =>
      tool(async () => {
        const provider = await resolveProvider(name);
        const choice = provider.resolveEvent(event, {});
        const info = provider.events.find((e) => e.name === choice.name) as { description: string; variants?: string[]; versions?: string[] } | undefined;
        const signer = hmacSignerOrNone(provider);
        const example = JSON.parse((await prepareDelivery(provider, { choice, signer, options: {}, now: new Date(), seed: "example" })).body) as Record<
          string,
          unknown
        >;
        const structured = {
          provider: provider.id,
          event: choice.name,
          description: info?.description ?? "",
          variants: info?.variants ?? [],
          versions: info?.versions ?? [],
          example,
        };
        return result(`${provider.id} ${choice.name}: ${structured.description}\n${JSON.stringify(example, null, 2)}`, structured);
      }),
  );

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
          what: { kind: "scenario", name: a.name, shuffle: a.shuffle, duplicateRate: a.duplicate_rate },
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
        const file = a.file ?? join(mkdtempSync(join(tmpdir(), "wh-sim-mcp-run-")), "run.yml");
        if (a.yaml) writeFileSync(file, a.yaml);
        const { results } = await runSteps(file, { ...(a.url ? { url: a.url } : {}), timeout: 10_000 });
        const steps = results.map((r) => ({ step: r.name, ok: r.ok, time_s: r.seconds, ...(r.failure ? { failure: r.failure } : {}) }));
        return result(steps.map((s) => `${s.ok ? "✔" : "✖"} ${s.step}${s.failure ? `: ${s.failure.message}` : ""}`).join("\n"), {
          ok: steps.every((s) => s.ok),
          steps,
        });
      }),
  );

  if (context.start) {
    server.registerTool(
      "start_listener",
      {
        description:
          "Start a listener that receives webhooks, detects the provider and verifies each signature (and answers the providers' APIs); send to its url.",
        inputSchema: {
          port: z.number().int().min(0).max(65535).optional().describe("default: any free port"),
          secrets: z.record(z.string(), z.string()).optional().describe('secrets to verify with, by provider: {"stripe": "whsec_…"}'),
          forward_to: z.string().optional().describe("relay every request to your app and answer with its answer"),
        },
        outputSchema: { url: z.string(), secrets: z.array(z.object({ provider: z.string(), shown: z.string() })) },
      },
      (a) =>
        tool(async () => {
          const hook = await context.start!({
            ...(a.port !== undefined ? { port: a.port } : {}),
            ...(a.secrets ? { secrets: a.secrets } : {}),
            ...(a.forward_to ? { forwardTo: a.forward_to } : {}),
          });
          return result(`listening on ${hook.url}`, { url: hook.url, secrets: hook.secrets });
        }),
    );
    server.registerTool(
      "stop_listener",
      { description: "Stop the listener start_listener started.", inputSchema: {}, outputSchema: { stopped: z.boolean() } },
      () =>
        tool(async () => {
          const running = context.listener() !== undefined;
          await context.stop?.();
          return result(running ? "stopped" : "no listener was running", { stopped: running });
        }),
    );
  }

  const requestShape = {
    seq: z.number(),
    provider: z.string().nullable(),
    event: z.string().nullable(),
    id: z.string().nullable(),
    path: z.string(),
    verdict: z.string(),
    reason: z.string().nullable(),
    status: z.number().nullable(),
  };
  server.registerTool(
    "received",
    {
      description: "What the listener received, oldest first, each with its signature verdict.",
      inputSchema: {
        provider: z.string().optional().describe("only this provider's requests"),
        event: z.string().optional().describe("only this event's"),
        limit: z.number().int().min(1).max(1000).optional().describe("the latest this many (default 100)"),
      },
      outputSchema: { requests: z.array(z.object(requestShape)) },
    },
    (a) =>
      tool(async () => {
        const all = needListener().received.map((r, i) => summary(r, i + 1));
        const requests = all.filter((r) => (!a.provider || r.provider === a.provider) && (!a.event || r.event === a.event)).slice(-(a.limit ?? 100));
        return result(
          requests.map((r) => `${r.seq}. ${r.provider ?? "?"} ${r.event ?? r.path} ${r.id ?? ""} ${r.verdict}${r.reason ? `: ${r.reason}` : ""}`).join("\n") ||
            "nothing yet",
          { requests },
        );
      }),
  );

  server.registerTool(
    "wait_for",
    {
      description:
        "The next request matching, that no earlier wait_for returned (in arrival order), with its body and verdict; an error after timeout_ms saying what did arrive.",
      inputSchema: {
        provider: z.string().optional().describe("a request of this provider"),
        event: z.string().optional().describe("of this event"),
        id: z.string().optional().describe("with this event id"),
        timeout_ms: z.number().int().min(1).max(120_000).optional().describe("how long to wait (default 10000)"),
      },
      outputSchema: {
        ...requestShape,
        headers: z.array(z.tuple([z.string(), z.string()])),
        body: z.string(),
        message: z.string().optional(),
        hint: z.string().optional(),
      },
    },
    (a) =>
      tool(async () => {
        const hook = needListener();
        const got = await hook.waitFor({
          ...(a.provider ? { provider: a.provider } : {}),
          ...(a.event ? { event: a.event } : {}),
          ...(a.id ? { id: a.id } : {}),
          timeoutMs: a.timeout_ms ?? 10_000,
        });
        const v = got.verdict as { status: string; message?: string; hint?: string };
        const structured = {
          ...summary(got, hook.received.indexOf(got) + 1),
          headers: got.headers,
          body: got.body.toString("utf8"),
          ...(v.message ? { message: v.message } : {}),
          ...(v.hint ? { hint: v.hint } : {}),
        };
        return result(
          `${structured.provider ?? "?"} ${structured.event ?? structured.path} ${structured.id ?? ""}: ${v.status}${v.message ? ` (${v.message})` : ""}`,
          structured,
        );
      }),
  );

  server.registerTool(
    "verify",
    {
      description: "Check a delivery's signature offline, as the provider's own library would; says why it fails.",
      inputSchema: {
        provider: PROVIDER,
        body: z.string().describe("the raw body, exactly as received"),
        headers: z.record(z.string(), z.string()).describe('the request headers, by name: {"Stripe-Signature": "t=…,v1=…"}'),
        secret: z.string().optional().describe("the secret to verify with (default: the provider's built-in test secret; Plaid: wh-sim's keys)"),
      },
      outputSchema: { status: z.string(), reason: z.string().optional(), message: z.string().optional(), hint: z.string().optional() },
    },
    (a) =>
      tool(async () => {
        const provider = await resolveProvider(a.provider);
        const { verify } = await verifierFor(provider, a.secret ? [a.secret] : undefined, {});
        const v = verdictView(provider.verify(Buffer.from(a.body), headerMap(Object.entries(a.headers)), { ...verify, now: new Date() })) as {
          status: string;
          reason?: string;
          message?: string;
          hint?: string;
        };
        return result(v.status === "valid" ? "✔ valid" : `✖ invalid: ${v.message} (${v.reason})\nhint: ${v.hint}`, v);
      }),
  );

  server.registerTool(
    "replay",
    {
      description: "Send a received request again: byte-identical (a stale signature stays stale) or re-signed now; to the listener itself by default.",
      inputSchema: {
        seq: z.number().int().min(1).describe("its number in `received`"),
        mode: z.enum(["exact", "resign"]).describe("exact: the same bytes and headers; resign: the same body signed now"),
        url: z.string().optional().describe("where to (default: the listener, at the request's path)"),
      },
      outputSchema: { url: z.string(), status: z.number(), durationMs: z.number() },
    },
    (a) =>
      tool(async () => {
        const hook = needListener();
        const got = hook.received[a.seq - 1];
        if (!got) throw new WhSimError(`no request ${a.seq}: the listener holds ${hook.received.length}`, 2);
        const record = toRecordedRequest({
          time: new Date(),
          method: got.method,
          path: got.path,
          headers: got.headers,
          body: got.body,
          status: got.status,
          inspection: { ...(got.provider ? { provider: got.provider } : {}), verdict: { status: got.verdict.status } },
        });
        const headers = a.mode === "exact" ? endToEndHeaders(got.headers) : await resignedHeaders(record, got.body.toString("utf8"), undefined, {});
        const url = a.url ?? `${hook.url}${got.path}`;
        const answer = await deliver({ url, body: got.body, headers: Object.fromEntries(headers), timeoutMs: 10_000 });
        return result(`${url} answered ${answer.status} in ${answer.durationMs} ms`, { url, status: answer.status, durationMs: answer.durationMs });
      }),
  );

  server.registerTool(
    "secrets",
    {
      description: "The secrets (Plaid: the key id) the listener verifies with, as its banner shows them.",
      inputSchema: {},
      outputSchema: { secrets: z.array(z.object({ provider: z.string(), shown: z.string() })) },
    },
    () =>
      tool(async () => {
        const { secrets } = needListener();
        return result(secrets.map((s) => `${s.provider}: ${s.shown}`).join("\n"), { secrets });
      }),
  );

  server.registerResource(
    "catalogue",
    new ResourceTemplate("wh-sim://events/{provider}", {
      list: async () => ({
        resources: availableProviders().map((id) => ({ uri: `wh-sim://events/${id}`, name: `${id} events`, mimeType: "application/json" })),
      }),
    }),
    { description: "A provider's event catalogue", mimeType: "application/json" },
    async (uri, { provider }) => {
      const catalogue = await loadCatalogue((await resolveProvider(String(provider))).id);
      return {
        contents: [
          {
            uri: uri.href,
            mimeType: "application/json",
            text: JSON.stringify(
              catalogue.events.map(({ name, description }) => ({ name, description })),
              null,
              2,
            ),
          },
        ],
      };
    },
  );
  server.registerResource(
    "example",
    new ResourceTemplate("wh-sim://events/{provider}/{event}", { list: undefined }),
    { description: "An event's example body, as wh-sim sends it", mimeType: "application/json" },
    async (uri, { provider: name, event }) => {
      const provider = await resolveProvider(String(name));
      const delivery = await prepareDelivery(provider, {
        choice: provider.resolveEvent(String(event), {}),
        signer: hmacSignerOrNone(provider),
        options: {},
        now: new Date(),
        seed: "example",
      });
      return { contents: [{ uri: uri.href, mimeType: "application/json", text: delivery.body }] };
    },
  );

  server.registerPrompt(
    "test-my-webhook-handler",
    { description: "Walk through testing a webhook handler with wh-sim", argsSchema: { provider: z.string().optional(), url: z.string().optional() } },
    ({ provider, url }) => ({
      messages: [
        {
          role: "user",
          content: {
            type: "text",
            text: [
              `Test my ${provider ?? "webhook"} handler${url ? ` at ${url}` : ""} with wh-sim:`,
              "1. list_events (and describe_event) to find the events it handles.",
              "2. trigger each one at the handler's URL; a non-2xx answer is a failing delivery: read its hint.",
              "3. trigger again with chaos (tamper, stale, wrong-secret): the handler must answer 4xx; duplicate: it must accept and process once.",
              "4. scenario for a realistic sequence (shuffle: true for out-of-order delivery).",
              "5. To see what a sender delivers, start_listener, send to its url, then wait_for / received / verify.",
            ].join("\n"),
          },
        },
      ],
    }),
  );
  return server;
}

/** A signer for rendering an example body (signatures are not part of it). */
function hmacSignerOrNone(provider: Awaited<ReturnType<typeof resolveProvider>>) {
  return provider.credentialKind === "hmac" ? hmacSigner(provider, [provider.testSecret]) : { source: "example", shown: "", secrets: [], sign: () => ({}) };
}
