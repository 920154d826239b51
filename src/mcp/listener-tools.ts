// The tools that read a listener: start/stop (stdio), received, wait_for, reset, verify, replay, secrets.
import { SEND_DEFAULTS } from "../defaults.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { verifierFor } from "../credentials.js";
import { deliver } from "../http/deliver.js";
import { headerMap } from "../http/hop-by-hop.js";
import { WhSimError } from "../lib/errors.js";
import { verdictView } from "../listen/inspect.js";
import { resolveProvider } from "../providers/registry.js";
import { replayedRequest } from "../recording/resign.js";
import { toRecordedRequest } from "../recording/format.js";
import { PROVIDER, result, tool } from "./result.js";
import { operations, type RequestOut } from "../operations/index.js";
import * as schema from "../operations/schemas.js";
import type { McpContext } from "./context.js";
import type { ListenerView } from "../listen/session.js";

export function registerListenerTools(server: McpServer, context: McpContext): void {
  const needListener = () => {
    const hook = context.listener();
    if (!hook) throw new WhSimError("no listener is running", 2, context.start ? "call start_listener first" : undefined);
    return hook;
  };

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

  const ops = () => operations(needListener());
  const lineOf = (r: RequestOut) => `${r.seq}. ${r.provider ?? "?"} ${r.event ?? r.path} ${r.id ?? ""} ${r.verdict}${r.reason ? `: ${r.reason}` : ""}`;
  server.registerTool(
    "received",
    {
      description: "What the listener received (webhooks and API calls), oldest first, each with its signature verdict, headers and body.",
      inputSchema: schema.requestsInput.shape,
      outputSchema: schema.requests.shape,
    },
    (a) =>
      tool(async () => {
        const found = ops().requests(a);
        return result(found.requests.map(lineOf).join("\n") || "nothing yet", found);
      }),
  );

  server.registerTool(
    "wait_for",
    {
      description:
        "The next request matching, that no earlier wait_for returned (in arrival order; with `after`, the first after that seq), with its body and verdict; an error after timeout_ms saying what did arrive.",
      inputSchema: schema.waitInput.shape,
      outputSchema: schema.request.shape,
    },
    (a) =>
      tool(async () => {
        const got = await ops().wait(a);
        return result(`${lineOf(got)}${got.message ? ` (${got.message})` : ""}`, got);
      }),
  );

  server.registerTool(
    "reset",
    {
      description:
        "Forget what the listener received and what its offline provider APIs learnt (all providers, or those named), so the next test starts clean.",
      inputSchema: schema.resetInput.shape,
      outputSchema: schema.reset.shape,
    },
    (a) =>
      tool(async () => {
        const done = await ops().reset(a);
        return result(`reset: ${done.providers.join(", ")}`, done);
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
        confirm: z
          .boolean()
          .optional()
          .describe(
            "true once the user agreed to send it to a URL that is neither the listener nor its forward target (a re-signed request carries their secret's signature)",
          ),
      },
      outputSchema: { url: z.string(), status: z.number(), durationMs: z.number() },
    },
    (a) =>
      tool(async () => {
        const hook = needListener();
        const got = hook.received.find((r) => r.seq === a.seq);
        if (!got)
          throw new WhSimError(
            `no request ${a.seq}: the listener holds ${hook.received.length ? `${hook.received[0]!.seq} to ${hook.received.at(-1)!.seq}` : "none"}${hook.dropped ? ` (${hook.dropped} were dropped: to stay within its memory budget, or by a reset)` : ""}`,
            2,
          );
        // Kept whole (its credentials too): it is sent again, not stored.
        const record = toRecordedRequest(
          {
            time: new Date(),
            method: got.method,
            path: got.path,
            headers: got.headers,
            body: got.body,
            status: got.status,
            inspection: { ...(got.provider ? { provider: got.provider } : {}), verdict: { status: got.verdict.status } },
          },
          { keepCredentials: true },
        );
        const url = a.url ?? `${hook.url}${got.path}`;
        // As the inspector does: anywhere else than the listener or its forward target, only once the user agreed.
        if (a.url !== undefined && !trustedTarget(new URL(a.url), hook) && a.confirm !== true)
          throw new WhSimError(
            `${a.url} is neither this listener nor its forward target: a replay carries the request's signature (re-signed: the listener's own secret)`,
            2,
            "ask the user, then call replay again with confirm: true",
          );
        // Re-signed with what the listener verifies with (the user's --secret), so that it verifies where the original did.
        const secrets = got.provider ? hook.signingSecrets(got.provider) : undefined;
        const { body, headers } = await replayedRequest(record, { mode: a.mode, secrets, config: {} });
        const answer = await deliver({ url, body, headers: Object.fromEntries(headers), timeoutMs: SEND_DEFAULTS.timeoutMs });
        return result(`${url} answered ${answer.status} in ${answer.durationMs} ms`, { url, status: answer.status, durationMs: answer.durationMs });
      }),
  );

  server.registerTool(
    "secrets",
    {
      description: "The secrets the listener verifies with, as its banner shows them (the built-in test secrets in full, and Plaid's public key).",
      inputSchema: {},
      outputSchema: schema.secrets.shape,
    },
    () =>
      tool(async () => {
        const found = ops().secrets();
        return result(found.secrets.map((s) => `${s.provider}: ${s.shown}`).join("\n"), found);
      }),
  );
}

/** The listener itself (a loopback name or its own host, its port) or where it forwards. */
function trustedTarget(url: URL, hook: ListenerView): boolean {
  const own = new URL(hook.url);
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname) || url.hostname === own.hostname;
  if (url.protocol === "http:" && loopback && url.port === own.port) return true;
  return hook.forwardTo !== undefined && url.origin === new URL(hook.forwardTo).origin;
}
