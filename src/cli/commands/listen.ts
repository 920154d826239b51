import { loadConfig } from "../../config.js";
import { UsageError, WhSimError } from "../../lib/errors.js";
import { setUpVerifiers } from "../../listen/setup.js";
import { startListener, type ReceivedRequest } from "../../listen/server.js";
import { toRecordedRequest } from "../../recording/format.js";
import { Recorder } from "../../recording/recorder.js";
import { formatBody, formatRequestJson, formatRequestLine } from "../format-request.js";
import { formatError, paint } from "../output.js";
import { isStdoutClosed, onStdoutClosed } from "../stdout.js";

export interface ListenOptions {
  port?: number;
  host?: string;
  path?: string;
  secret?: string[];
  body?: boolean;
  json?: boolean;
  record?: string;
  forwardTo?: string;
  status: number;
  delay: number;
  failRate: number;
  maxBody: number;
  timeout: number;
  requestTimeout: number;
  config?: string;
}

export async function runListen(opts: ListenOptions): Promise<void> {
  const config = await loadConfig(opts.config);
  if (opts.forwardTo && !/^https?:\/\/[^/]/.test(opts.forwardTo)) {
    throw new UsageError(`--forward-to needs an http(s) URL, got "${opts.forwardTo}"`, "e.g. --forward-to http://localhost:3000/webhook");
  }
  const verifiers = await setUpVerifiers(opts.secret, config);
  const recorder = opts.record
    ? new Recorder(opts.record, (message) =>
        console.error(formatError(message, "the listener goes on; free space or fix the file, then start again to record")),
      )
    : undefined;
  let count = 0;
  // One request, one line, one record: the line is made first (formatting never throws), then kept, then shown.
  const show = (r: ReceivedRequest) => {
    count++;
    const text = opts.json
      ? formatRequestJson(r, opts.body ?? false)
      : opts.body && (r.inspection || r.size)
        ? `${formatRequestLine(r)}\n${formatBody(r)}`
        : formatRequestLine(r);
    recorder?.append(toRecordedRequest(r));
    if (!isStdoutClosed()) console.log(text);
  };
  const listener = await startListener({
    host: opts.host ?? config.listen?.host,
    port: opts.port ?? config.listen?.port,
    ...(opts.path ? { path: opts.path } : {}),
    status: opts.status,
    delayMs: opts.delay,
    failRate: opts.failRate,
    maxBody: opts.maxBody,
    requestTimeoutMs: opts.requestTimeout,
    ...(opts.forwardTo ? { forwardTo: opts.forwardTo } : {}),
    forwardTimeoutMs: opts.timeout,
    known: verifiers.known,
    routes: verifiers.routes,
    onRequest: show,
    onWarning: (message) => console.error(paint.yellow(`warning: ${message}`)),
  });
  console.error(
    [
      `${paint.green("wh-sim listening")} on ${paint.bold(`${listener.url}${opts.path ?? ""}`)}${opts.path ? "" : " (any path)"}` +
        (opts.forwardTo ? ` → forwarding to ${paint.bold(opts.forwardTo)}` : ""),
      paint.dim(`verifying: ${verifiers.summary.join(", ")}`),
      ...verifiers.routes.map((r) => paint.dim(`serving: ${r.method} ${listener.url}${r.path} (${r.description})`)),
      ...(recorder ? [paint.dim(`recording to ${recorder.file}`)] : []),
      paint.dim("Ctrl-C to stop"),
    ].join("\n"),
  );
  const reason = await new Promise<string>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => resolve(signal));
    onStdoutClosed(() => resolve("stdout closed"));
  });
  // Stop accepting, let requests in flight finish for a moment, then answer the rest and close.
  await listener.close(SHUTDOWN_GRACE_MS);
  recorder?.close();
  const recorded = recorder ? `, ${recorder.count} recorded to ${recorder.file}${recorder.failure ? ` (${recorder.failure})` : ""}` : "";
  console.error(paint.dim(`\n${reason}: stopped after ${count} request${count === 1 ? "" : "s"}${recorded}`));
  // The recording is incomplete: a script that relies on it must know.
  if (recorder?.failure) throw new WhSimError("", 1);
}

/** How long requests in flight get to finish when the listener is stopped. */
const SHUTDOWN_GRACE_MS = 2000;
