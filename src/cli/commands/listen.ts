import { loadConfig } from "../../config.js";
import { UsageError } from "../../lib/errors.js";
import { setUpVerifiers } from "../../listen/setup.js";
import { startListener, type ReceivedRequest } from "../../listen/server.js";
import { toRecordedRequest } from "../../recording/format.js";
import { Recorder } from "../../recording/recorder.js";
import { formatBody, formatRequestLine, requestJson } from "../format-request.js";
import { paint } from "../output.js";

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
  const recorder = opts.record ? new Recorder(opts.record) : undefined;
  let count = 0;
  const show = (r: ReceivedRequest) => {
    count++;
    recorder?.append(toRecordedRequest(r));
    if (opts.json) console.log(JSON.stringify(requestJson(r, opts.body ?? false)));
    else console.log(opts.body && (r.inspection || r.size) ? `${formatRequestLine(r)}\n${formatBody(r)}` : formatRequestLine(r));
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
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  listener.server.closeAllConnections();
  await listener.close();
  recorder?.close();
  console.error(
    paint.dim(`\n${signal}: stopped after ${count} request${count === 1 ? "" : "s"}${recorder ? `, ${recorder.count} recorded to ${recorder.file}` : ""}`),
  );
}
