import { CONFIG_FILE, loadConfig, type Config } from "../../config.js";
import { UsageError, WhSimError } from "../../lib/errors.js";
import { resolveProviderId } from "../../providers/registry.js";
import { setUpVerifiers, type VerifierSetup } from "../../listen/setup.js";
import { withScheme } from "../../input.js";
import type { ReceivedRequest } from "../../listen/types.js";
import { openListener, type ListenerRequest, type ListenerSession } from "../../listen/session.js";
import { formatBody, formatRequestJson, formatRequestLine } from "../format-request.js";
import { banner, eventFilter } from "../listen-view.js";
import { formatError, paint, warnLine } from "../output.js";
import { flushLines, onStdoutClosed, printLine } from "../stdout.js";

export interface ListenOptions {
  port?: number;
  host?: string;
  path?: string;
  secret?: string[];
  body?: boolean;
  json?: boolean;
  record?: string;
  forwardTo?: string;
  events?: string[];
  /** `true` (the flag alone) means Stripe's, as `stripe listen --print-secret`. */
  printSecret?: boolean | string;
  status: number;
  delay: number;
  failRate: number;
  maxBody: number;
  /** About how many bytes the inspector and MCP each keep of what arrived. */
  memory?: number;
  /** Keep the credentials apps send the provider APIs in the recording, the inspector and MCP (debugging). */
  keepCredentials?: boolean;
  /** Folders MCP's tools may read files from, besides the working folder and wh-sim's home. */
  mcpFiles?: string[];
  timeout: number;
  requestTimeout: number;
  config?: string;
  ui?: boolean;
  open?: boolean;
  allowedHost?: string[];
  mcp?: boolean;
  mcpPort?: number;
}

export async function runListen(opts: ListenOptions): Promise<void> {
  const config = await loadConfig(opts.config);
  const forwardTo = forwardTarget(opts.forwardTo);
  if (opts.printSecret) return printSecret(opts.printSecret, await setUpVerifiers(opts.secret, config));
  const shown = eventFilter(opts.events);
  const allowedHosts = [...(opts.allowedHost ?? []), ...(config.listen?.allowedHosts ?? [])];
  const { formatDelivery } = await import("../format-delivery.js");
  const session = await fromConfig(opts, config, () =>
    openListener(
      {
        ...listenerRequest(opts, config),
        forwardTo,
        allowedHosts,
        inspector: opts.ui ?? opts.open ?? config.listen?.ui ?? false,
        // Kept for agents from the start; for the control plane, from its first call.
        keepReceived: opts.mcp === true,
      },
      {
        // One request, one line: the line is made first (formatting never throws), then shown.
        onRequest: (r) => {
          if (shown(r)) printLine(requestText(r, opts));
        },
        onDelivery: (report) => printLine(formatDelivery(report, opts.json, { explain: true })),
        onWarning: warnLine,
        onRecordingFailed: (message) => console.error(formatError(message, "the listener goes on; free space or fix the file, then start again to record")),
      },
    ),
  );
  const mcp = opts.mcp ? await serveMcp(session, opts, allowedHosts) : undefined;
  console.error(banner(session, opts));
  if (session.inspector) printInspector(session.inspector, opts);
  if (mcp) console.error(mcp.line);
  const reason = await stopSignal();
  // Stop accepting, let requests in flight finish for a moment, then answer the rest and close.
  const [{ unwritten }] = await Promise.all([session.close(SHUTDOWN_GRACE_MS), mcp?.close()]);
  if (unwritten.length) warnLine(`${unwritten.length} document(s) of the offline world could not be written and are lost: ${listed(unwritten)}`);
  flushLines();
  console.error(paint.dim(`\n${reason}: ${stoppedLine(session)}`));
  // The recording is incomplete: a script that relies on it must know.
  if (session.recorder?.failure) throw new WhSimError("", 1);
}

function printInspector(inspector: NonNullable<ListenerSession["inspector"]>, opts: ListenOptions): void {
  const page = inspector.pageUrl();
  console.error(paint.bold(`inspector: ${page}`) + paint.dim(inspector.loaded ? ` (${inspector.loaded} requests loaded from ${opts.record})` : ""));
  if (opts.open) openBrowser(page);
}

function forwardTarget(given: string | undefined): string | undefined {
  const forwardTo = given === undefined ? undefined : withScheme(given, "--forward-to");
  if (forwardTo !== undefined && !/^https?:\/\/[^/]/.test(forwardTo)) {
    throw new UsageError(`--forward-to needs an http(s) URL, got "${given}"`, "e.g. --forward-to http://localhost:3000/webhook");
  }
  return forwardTo;
}

/** Resolves with why the listener should stop: a signal, or nobody left reading its output. */
function stopSignal(): Promise<string> {
  return new Promise<string>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => resolve(signal));
    onStdoutClosed(() => resolve("stdout closed"));
  });
}

/** The flags and the config's listen section as the listener's plain settings. */
function listenerRequest(opts: ListenOptions, config: Config): ListenerRequest {
  return {
    host: opts.host ?? config.listen?.host,
    port: opts.port ?? config.listen?.port,
    path: opts.path,
    secrets: opts.secret,
    config,
    status: opts.status,
    delayMs: opts.delay,
    failRate: opts.failRate,
    maxBody: opts.maxBody,
    requestTimeoutMs: opts.requestTimeout,
    forwardTimeoutMs: opts.timeout,
    record: opts.record,
    keepCredentials: opts.keepCredentials,
    memoryBytes: opts.memory,
  };
}

function requestText(r: ReceivedRequest, opts: ListenOptions): string {
  if (opts.json) return formatRequestJson(r, opts.body ?? false);
  return opts.body && (r.inspection || r.size) ? `${formatRequestLine(r)}\n${formatBody(r)}` : formatRequestLine(r);
}

function listed(names: readonly string[]): string {
  return `${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""}`;
}

function stoppedLine(session: ListenerSession): string {
  const { recorder, count } = session;
  const recorded = recorder ? `, ${recorder.count} recorded to ${recorder.file}${recorder.failure ? ` (${recorder.failure})` : ""}` : "";
  return `stopped after ${count} request${count === 1 ? "" : "s"}${recorded}`;
}

/** As `stripe listen --print-secret`: the secret alone, for $(…) in a script. */
function printSecret(which: true | string, verifiers: VerifierSetup): void {
  const wanted = resolveProviderId(which === true ? "stripe" : which);
  const known = verifiers.known.find((k) => k.provider.id === wanted)!;
  if (known.provider.credentialKind === "keypair") {
    throw new UsageError(`${known.provider.displayName} signs with a key pair, not a secret`, `wh-sim secret ${wanted} prints its public key`);
  }
  console.log(known.verify?.secrets.join("\n") ?? "");
}

/** `--mcp`: wh-sim's tools over Streamable HTTP on a port of their own, acting on this listener. */
async function serveMcp(session: ListenerSession, opts: ListenOptions, allowedHosts: readonly string[]) {
  const [{ serveMcpHttp }, { fileRoots }] = await Promise.all([import("../../mcp/http.js"), import("../../mcp/files.js")]);
  const mcp = await serveMcpHttp(
    { listener: () => session, fileRoots: fileRoots(opts.mcpFiles) },
    { host: session.host, port: opts.mcpPort ?? 0, allowedHosts, token: session.token },
  );
  // Reachable from the network: the agent's config carries the run's token.
  const agent = JSON.stringify({ url: mcp.url, ...(mcp.token ? { headers: { Authorization: `Bearer ${mcp.token}` } } : {}) });
  const line = paint.bold(`mcp: ${mcp.url}`) + paint.dim(` (Streamable HTTP${mcp.token ? ", with the run's token" : ""}; an agent's config: ${agent})`);
  return { line, close: mcp.close };
}

/** Opens the page in the system's browser (`--open`); a machine without one just shows the address. */
function openBrowser(url: string): void {
  const command = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  void import("node:child_process").then(({ spawn }) => {
    const child = spawn(command, [url], { stdio: "ignore", detached: true });
    child.on("error", () => undefined);
    child.unref();
  });
}

/** How long requests in flight get to finish when the listener is stopped. */
const SHUTDOWN_GRACE_MS = 2000;

/** A usage error caused by the config file's listen section says so: the user did not type it. */
async function fromConfig<T>(opts: ListenOptions, config: Config, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const configured = [
      opts.host === undefined && config.listen?.host !== undefined ? "listen.host" : "",
      opts.port === undefined && config.listen?.port !== undefined ? "listen.port" : "",
    ].filter(Boolean);
    if (!(error instanceof UsageError) || configured.length === 0) throw error;
    throw new UsageError(`${error.message} (from ${configured.join(" and ")} in ${opts.config ?? CONFIG_FILE})`, error.hint);
  }
}
