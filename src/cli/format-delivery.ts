import type { PreparedDelivery } from "../delivery.js";
import type { Tally } from "../send/attempt.js";
import { reportJson, type DeliveryReport } from "../send/report.js";
import { formatStatus, indent, mark, paint, printable, printableBlock } from "./output.js";

export type { DeliveryReport } from "../send/report.js";

/** How much of a refusing app's answer is printed under its line. */
const SHOWN_ANSWER_CHARACTERS = 4000;

/** One line per delivery (plus the response body on failure), or one JSON object. */
export function formatDelivery(report: DeliveryReport, json?: boolean, { explain = false } = {}): string {
  if (json) return JSON.stringify(reportJson(report));
  const ok = report.ok ?? false;
  const status = report.status === undefined ? paint.red("no response") : formatStatus(report.status, ok);
  const line = [
    mark(ok),
    report.step ? paint.dim(`${report.run ? `run ${report.run} ` : ""}step ${report.step}`) : "",
    paint.bold(printable(`${report.provider} ${report.event}`)),
    report.id ? paint.dim(printable(report.id)) : "",
    "→",
    report.url,
    report.target ? paint.dim(`(${printable(report.target)})`) : "",
    status,
    report.durationMs === undefined ? "" : paint.dim(`${report.durationMs} ms`),
    report.chaos?.length ? paint.yellow(`[${report.chaos.join(", ")}]`) : "",
    report.duplicate ? paint.dim(`copy ${report.duplicate}`) : "",
    report.attempt ? paint.dim(`attempt ${report.attempt}${report.retryAfter ? ` after ${report.retryAfter}` : ""}`) : "",
  ]
    .filter(Boolean)
    .join(" ");
  // `explain`: the reason and the hint under the line (a listener's caused events, which no exit code reports).
  const why = explain && !ok ? [report.error && `error: ${report.error}`, report.hint && `hint: ${report.hint}`].filter(Boolean).join("\n") : "";
  const explained = why ? `${line}\n${indent(paint.yellow(printableBlock(why)))}` : line;
  const withNote = report.note ? `${explained}\n${indent(paint.yellow(`note: ${printable(report.note)}`))}` : explained;
  if (ok || !report.responseBody) return withNote;
  const shown = report.responseBody.slice(0, SHOWN_ANSWER_CHARACTERS);
  const goesOn = report.responseTruncated || report.responseBody.length > shown.length;
  // A whole answer's last line break ends its last line: shown, it would be an empty indented line.
  const text = goesOn ? shown : shown.replace(/\r?\n$/, "");
  return `${withNote}\n${indent(printableBlock(text) + (goesOn ? `\n${paint.dim("… (the answer goes on)")}` : ""))}`;
}

/** After --count: how many met the expectation, and the latency spread. */
/** The end of a bulk run: how many met --expect, the statuses, the rate and the latency percentiles. */
export function formatSummary(tally: Tally, expect: string, seconds?: number): string {
  const statuses = [...tally.statuses].map(([status, n]) => `${status} ×${n}`).join(", ");
  const rate = seconds && seconds > 0 ? ` · ${Math.round(tally.total / seconds).toLocaleString("en-US")} events/s` : "";
  const p = (n: number) => tally.percentile(n);
  const latency = p(50) === undefined ? "" : ` · p50 ${p(50)} ms, p90 ${p(90)} ms, p99 ${p(99)} ms, max ${p(100)} ms`;
  return `${mark(tally.met === tally.total)} ${tally.met} of ${tally.total} deliveries met --expect ${expect}${paint.dim(` · ${statuses}${rate}${latency}`)}`;
}

export function formatDryRun(url: string, request: PreparedDelivery): string {
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
  return `POST ${url}\n${headers}\n\n${request.body}`;
}

/** A curl command that sends the same bytes (no trailing newline, unlike a heredoc). */
export function formatCurl(url: string, request: PreparedDelivery): string {
  const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const headers = Object.entries(request.headers).map(([k, v]) => `  -H ${q(`${k}: ${v}`)}`);
  return [`curl -sS -X POST ${q(url)}`, ...headers, `  --data-binary ${q(request.body)}`].join(" \\\n");
}
