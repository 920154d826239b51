import { clockTime, isoTime } from "../lib/clock.js";
import { classifyBody } from "../listen/inspect.js";
import type { ReceivedRequest } from "../listen/types.js";
import { highlightJson, indent, paint, printable, printableBlock } from "./output.js";

/**
 * One line per request: time, provider, event, id, verdict, our answer, size, relay. Everything the
 * sender controls (names, ids, reasons built from its headers, the app's answer) is made printable,
 * so a request cannot clear the screen or print a forged line.
 */
export function formatRequestLine(r: ReceivedRequest): string {
  const time = paint.dim(clockTime(r.time));
  if (r.api) return formatApiLine(r, time);
  const i = r.inspection;
  const who = i?.provider ? paint.bold(i.provider) : paint.dim(r.note ? "-" : "unknown");
  const what = i?.event ? paint.cyan(printable(i.event)) : r.method === "?" ? "" : paint.dim(printable(`${r.method} ${r.path}`));
  const id = i?.id ? paint.dim(printable(i.id)) : "";
  const verdict = !i
    ? paint.yellow(printable(r.note ?? ""))
    : i.verdict.status === "valid"
      ? paint.green("✔ valid") + (i.verdict.detail ? paint.dim(` (${printable(i.verdict.detail)})`) : "")
      : i.verdict.status === "invalid"
        ? paint.red(`✖ invalid: ${printable(i.verdict.message)}`)
        : paint.yellow(`? unchecked (${printable(i.verdict.message)})`);
  const status = r.status === null ? paint.red("→ no answer") : r.status < 300 ? paint.green(`→ ${r.status}`) : paint.red(`→ ${r.status}`);
  const size = paint.dim(formatSize(r.size));
  const relay = !r.forwarded
    ? ""
    : "error" in r.forwarded
      ? paint.red(`app down: ${printable(r.forwarded.error)}`)
      : paint.dim(`app ${r.forwarded.status} in ${r.forwarded.durationMs} ms`);
  const note = i && r.note ? paint.yellow(printable(r.note)) : "";
  const line = [time, who, what, id, verdict, status, size, relay, note].filter(Boolean).join("  ");
  const details = [
    ...(i?.verdict.status === "invalid" ? [paint.dim(`hint: ${printable(i.verdict.hint)}`)] : []),
    ...(r.forwarded && "body" in r.forwarded && r.forwarded.body ? [paint.red(`app said: ${printable(r.forwarded.body.trim())}`)] : []),
  ];
  return [line, ...details.map((d) => indent(d, "          "))].join("\n");
}

/** An API call on its own kind of line: `API` and the endpoint, what it was about, the answer (and the provider's error code). */
function formatApiLine(r: ReceivedRequest, time: string): string {
  const api = r.api!;
  const status = r.status === null ? paint.red("→ no answer") : r.status < 300 ? paint.green(`→ ${r.status}`) : paint.red(`→ ${r.status}`);
  return [
    time,
    paint.bold(api.provider || "-"),
    paint.magenta("API"),
    printable(api.endpoint),
    api.subject ? paint.dim(printable(api.subject)) : "",
    status,
    api.error ? paint.red(printable(api.error)) : "",
  ]
    .filter(Boolean)
    .join("  ");
}

/** The body for `--body`: coloured pretty JSON, the raw text, or a hex preview of binary. */
export function formatBody(r: ReceivedRequest): string {
  const { kind, json } = r.inspection ? { kind: r.inspection.bodyKind, json: r.inspection.json } : classifyBody(r.body);
  if (kind === "empty") return indent(paint.dim("(empty body)"));
  if (kind === "json") {
    const pretty = stringifyOrUndefined(json, 2);
    // JSON nested too deeply to print pretty is shown as the text it arrived as.
    if (pretty !== undefined) return indent(highlightJson(printableBlock(pretty)));
    return indent(printableBlock(r.body.toString("utf8")));
  }
  if (kind === "binary") {
    const hex = r.body.subarray(0, 64).toString("hex").replace(/(..)/g, "$1 ").trim();
    return indent(paint.dim(`(binary, ${r.body.length} bytes) ${hex}${r.body.length > 64 ? " …" : ""}`));
  }
  return indent(printableBlock(r.body.toString("utf8")));
}

/**
 * The `--json` line for a request: everything on the human line, plus the body with --body (as
 * JSON when it is JSON that can be written back, else base64).
 */
export function formatRequestJson(r: ReceivedRequest, withBody: boolean): string {
  const fields = requestFields(r);
  if (!withBody) return JSON.stringify(fields);
  if (r.inspection?.bodyKind === "json") {
    fields.body = r.inspection.json;
    const json = stringifyOrUndefined(fields);
    if (json !== undefined) return json;
    delete fields.body;
  }
  fields.body_base64 = r.body.toString("base64");
  return JSON.stringify(fields);
}

// Field by field, not spread: the listener makes one for every request.
function requestFields(r: ReceivedRequest): Record<string, unknown> {
  const i = r.inspection;
  const fields: Record<string, unknown> = {
    kind: r.api ? "api" : "webhook",
    time: isoTime(r.time),
    method: r.method,
    path: r.path,
    provider: i?.provider ?? (r.api?.provider || null),
    event: i?.event ?? null,
    id: i?.id ?? null,
    verdict: i?.verdict ?? null,
    status: r.status,
    size: r.size,
    duration_ms: r.durationMs,
  };
  if (r.api) fields.api = r.api;
  if (r.note) fields.note = r.note;
  if (r.forwarded) fields.forwarded = r.forwarded;
  return fields;
}

/** JSON.stringify, or undefined for a value nested too deeply to write (it recurses). */
function stringifyOrUndefined(value: unknown, indentBy?: number): string | undefined {
  try {
    return JSON.stringify(value, null, indentBy);
  } catch {
    return undefined;
  }
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
