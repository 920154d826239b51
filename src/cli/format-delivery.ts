import type { PreparedDelivery } from "../delivery.js";
import type { Tally } from "./attempt.js";
import { formatStatus, indent, mark, paint, printable, printableBlock } from "./output.js";

export interface DeliveryReport {
  provider: string;
  event: string;
  id?: string | undefined;
  url: string;
  expect: string;
  ok?: boolean;
  status?: number;
  durationMs?: number;
  responseBody?: string;
  error?: string;
  hint?: string;
}

/** One line per delivery (plus the response body on failure), or one JSON object. */
export function formatDelivery(report: DeliveryReport, json?: boolean): string {
  if (json) {
    const { responseBody, ...rest } = report;
    return JSON.stringify({ ...rest, ...(report.ok ? {} : { response_body: responseBody }) });
  }
  const ok = report.ok ?? false;
  const status = report.status === undefined ? paint.red("no response") : formatStatus(report.status, ok);
  const line = [
    mark(ok),
    paint.bold(printable(`${report.provider} ${report.event}`)),
    report.id ? paint.dim(printable(report.id)) : "",
    "→",
    report.url,
    status,
    report.durationMs === undefined ? "" : paint.dim(`${report.durationMs} ms`),
  ]
    .filter(Boolean)
    .join(" ");
  if (ok || !report.responseBody) return line;
  return `${line}\n${indent(printableBlock(report.responseBody.slice(0, 4000)))}`;
}

/** After --count: how many met the expectation, and the latency spread. */
export function formatSummary(tally: Tally, expect: string): string {
  const latency =
    tally.percentile(50) === undefined ? "" : paint.dim(` · p50 ${tally.percentile(50)} ms, p95 ${tally.percentile(95)} ms, max ${tally.percentile(100)} ms`);
  return `${mark(tally.met === tally.total)} ${tally.met} of ${tally.total} deliveries met --expect ${expect}${latency}`;
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
