import { CONFIG_FILE, loadConfig, type Config } from "../../config.js";
import { UsageError, WhSimError } from "../../lib/errors.js";
import { resolveProviderId } from "../../providers/registry.js";
import { setUpVerifiers } from "../../listen/setup.js";
import { withScheme } from "../../input.js";
import { LISTEN_DEFAULTS } from "../../defaults.js";
import { startListener, type ReceivedRequest } from "../../listen/server.js";
import { toRecordedRequest } from "../../recording/format.js";
import { Recorder } from "../../recording/recorder.js";
import { formatBody, formatRequestJson, formatRequestLine } from "../format-request.js";
import { banner, eventFilter } from "../listen-view.js";
import { formatError, paint, warnLine } from "../output.js";
import { runToken } from "../../listen/browser-guard.js";
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
  const forwardTo = opts.forwardTo === undefined ? undefined : withScheme(opts.forwardTo, "--forward-to");
  if (forwardTo !== undefined && !/^https?:\/\/[^/]/.test(forwardTo)) {
    throw new UsageError(`--forward-to needs an http(s) URL, got "${opts.forwardTo}"`, "e.g. --forward-to http://localhost:3000/webhook");
  }
  const verifiers = await setUpVerifiers(opts.secret, config);
  if (opts.printSecret) {
    // As `stripe listen --print-secret`: the secret alone, for $(…) in a script.
    const wanted = resolveProviderId(opts.printSecret === true ? "stripe" : opts.printSecret);
    const known = verifiers.known.find((k) => k.provider.id === wanted)!;
    if (known.provider.credentialKind === "keypair") {
      throw new UsageError(`${known.provider.displayName} signs with a key pair, not a secret`, `wh-sim secret ${wanted} prints its public key`);
    }
    return void console.log(known.verify?.secrets.join("\n") ?? "");
  }
  const shown = eventFilter(opts.events);
  const recorder = opts.record
    ? new Recorder(opts.record, (message) =>
        console.error(formatError(message, "the listener goes on; free space or fix the file, then start again to record")),
      )
    : undefined;
  const ui = opts.ui ?? opts.open ?? config.listen?.ui ?? false;
  const host = opts.host ?? config.listen?.host;
  const warn = warnLine;
  // One token for every door of this run (the inspector, MCP), when it is reachable from the network.
  const token = runToken(host ?? LISTEN_DEFAULTS.host);
  const inspector = ui
    ? await (
        await import("../../listen/inspector/index.js")
      ).createInspector({
        record: opts.record,
        secretSpecs: opts.secret,
        config,
        timeoutMs: opts.timeout,
        boundHost: host ?? LISTEN_DEFAULTS.host,
        allowedHosts: [...(opts.allowedHost ?? []), ...(config.listen?.allowedHosts ?? [])],
        forwardTo,
        token,
        memoryBytes: opts.memory,
        onRefused: warn,
      })
    : undefined;
  let count = 0;
  // With --mcp, what arrives is also kept for the agents' received and wait_for.
  const log = opts.mcp ? (await import("../../library/received-log.js")).receivedLog(opts.memory) : undefined;
  // One request, one line, one record: the line is made first (formatting never throws), then kept, then shown.
  const show = (r: ReceivedRequest) => {
    count++;
    const text = opts.json
      ? formatRequestJson(r, opts.body ?? false)
      : opts.body && (r.inspection || r.size)
        ? `${formatRequestLine(r)}\n${formatBody(r)}`
        : formatRequestLine(r);
    // Made once for the file and the inspector alike.
    const record = recorder || inspector ? toRecordedRequest(r, { keepCredentials: opts.keepCredentials === true }) : undefined;
    if (record) {
      recorder?.append(record);
      inspector?.store.add(r, record);
    }
    log?.add(r);
    if (shown(r)) printLine(text);
  };
  // Provider APIs answered on the same port; the webhooks their calls cause are shown as trigger shows its deliveries.
  const { setUpApis } = await import("../../listen/api.js");
  const { fireEvents } = await import("../../listen/fire.js");
  const { formatDelivery } = await import("../format-delivery.js");
  const secretsOf = (id: string) => verifiers.known.find((k) => k.provider.id === id)?.verify?.secrets;
  const apis = await setUpApis(
    verifiers.providers,
    fireEvents(secretsOf, (report) => printLine(formatDelivery(report, opts.json, { explain: true })), forwardTo),
    { secretsFor: secretsOf, onWarning: warn },
  );
  const listener = await fromConfig(opts, config, () =>
    startListener({
      host,
      port: opts.port ?? config.listen?.port,
      ...(opts.path ? { path: opts.path } : {}),
      status: opts.status,
      delayMs: opts.delay,
      failRate: opts.failRate,
      maxBody: opts.maxBody,
      requestTimeoutMs: opts.requestTimeout,
      ...(forwardTo ? { forwardTo } : {}),
      forwardTimeoutMs: opts.timeout,
      known: verifiers.known,
      routes: verifiers.routes,
      apis,
      onRequest: show,
      ...(inspector ? { intercept: inspector.handler } : {}),
      allowedHosts: [...(opts.allowedHost ?? []), ...(config.listen?.allowedHosts ?? [])],
      onWarning: warn,
    }),
  );
  inspector?.listening(listener.url, listener.port);
  const mcp = log
    ? await (
        await import("../../mcp/http.js")
      ).serveMcpHttp(
        {
          listener: () => ({
            url: listener.url,
            received: log.received,
            get dropped() {
              return log.dropped;
            },
            waitFor: (match) => log.waitFor(match),
            secrets: verifiers.secrets.map(({ provider, shown }) => ({ provider, shown })),
            signingSecrets: secretsOf,
            ...(forwardTo ? { forwardTo } : {}),
            close: async () => undefined,
          }),
          fileRoots: (await import("../../mcp/files.js")).fileRoots(opts.mcpFiles),
        },
        {
          host: host ?? LISTEN_DEFAULTS.host,
          port: opts.mcpPort ?? 0,
          allowedHosts: [...(opts.allowedHost ?? []), ...(config.listen?.allowedHosts ?? [])],
          token,
        },
      )
    : undefined;
  console.error(banner(listener.url, opts, forwardTo, verifiers, recorder));
  if (inspector) {
    const page = inspector.pageUrl();
    console.error(paint.bold(`inspector: ${page}`) + paint.dim(inspector.loaded ? ` (${inspector.loaded} requests loaded from ${opts.record})` : ""));
    if (opts.open) openBrowser(page);
  }
  if (mcp) {
    // Reachable from the network: the agent's config carries the run's token.
    const agent = JSON.stringify({ url: mcp.url, ...(mcp.token ? { headers: { Authorization: `Bearer ${mcp.token}` } } : {}) });
    console.error(paint.bold(`mcp: ${mcp.url}`) + paint.dim(` (Streamable HTTP${mcp.token ? ", with the run's token" : ""}; an agent's config: ${agent})`));
  }
  const reason = await new Promise<string>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => resolve(signal));
    onStdoutClosed(() => resolve("stdout closed"));
  });
  // Stop accepting, let requests in flight finish for a moment, then answer the rest and close.
  await Promise.all([listener.close(SHUTDOWN_GRACE_MS), mcp?.close()]);
  // What the providers' APIs learnt is on disk before the process ends (a listener started later reads it).
  const unwritten = await (await import("../../world.js")).worldWritten();
  if (unwritten.length)
    warn(
      `${unwritten.length} document(s) of the offline world could not be written and are lost: ${unwritten.slice(0, 5).join(", ")}${unwritten.length > 5 ? ", …" : ""}`,
    );
  flushLines();
  recorder?.close();
  const recorded = recorder ? `, ${recorder.count} recorded to ${recorder.file}${recorder.failure ? ` (${recorder.failure})` : ""}` : "";
  console.error(paint.dim(`\n${reason}: stopped after ${count} request${count === 1 ? "" : "s"}${recorded}`));
  // The recording is incomplete: a script that relies on it must know.
  if (recorder?.failure) throw new WhSimError("", 1);
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
