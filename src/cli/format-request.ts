import { classifyBody } from "../listen/inspect.js";
import type { ReceivedRequest } from "../listen/server.js";
import { highlightJson, indent, paint } from "./output.js";

/** One line per request: time, provider, event, id, verdict, our answer, size, relay. */
export function formatRequestLine(r: ReceivedRequest): string {
  const time = paint.dim(r.time.toTimeString().slice(0, 8));
  const i = r.inspection;
  const who = i?.provider ? paint.bold(i.provider) : paint.dim(r.note ? "-" : "unknown");
  const what = i?.event ? paint.cyan(i.event) : r.method === "?" ? "" : paint.dim(`${r.method} ${r.path}`);
  const id = i?.id ? paint.dim(i.id) : "";
  const verdict = !i
    ? paint.yellow(r.note ?? "")
    : i.verdict.status === "valid"
      ? paint.green("✔ valid") + (i.verdict.detail ? paint.dim(` (${i.verdict.detail})`) : "")
      : i.verdict.status === "invalid"
        ? paint.red(`✖ invalid: ${i.verdict.message}`)
        : paint.yellow(`? unchecked (${i.verdict.message})`);
  const status = r.status < 300 ? paint.green(`→ ${r.status}`) : paint.red(`→ ${r.status}`);
  const size = paint.dim(formatSize(r.size));
  const relay = !r.forwarded
    ? ""
    : "error" in r.forwarded
      ? paint.red(`app down: ${r.forwarded.error}`)
      : paint.dim(`app ${r.forwarded.status} in ${r.forwarded.durationMs} ms`);
  const note = i && r.note ? paint.yellow(r.note) : "";
  const line = [time, who, what, id, verdict, status, size, relay, note].filter(Boolean).join("  ");
  const details = [
    ...(i?.verdict.status === "invalid" ? [paint.dim(`hint: ${i.verdict.hint}`)] : []),
    ...(r.forwarded && "body" in r.forwarded && r.forwarded.body ? [paint.red(`app said: ${r.forwarded.body.trim()}`)] : []),
  ];
  return [line, ...details.map((d) => indent(d, "          "))].join("\n");
}

/** The body for `--body`: coloured pretty JSON, the raw text, or a hex preview of binary. */
export function formatBody(r: ReceivedRequest): string {
  const { kind, json } = r.inspection ? { kind: r.inspection.bodyKind, json: r.inspection.json } : classifyBody(r.body);
  if (kind === "empty") return indent(paint.dim("(empty body)"));
  if (kind === "json") return indent(highlightJson(JSON.stringify(json, null, 2)));
  if (kind === "binary") {
    const hex = r.body.subarray(0, 64).toString("hex").replace(/(..)/g, "$1 ").trim();
    return indent(paint.dim(`(binary, ${r.body.length} bytes) ${hex}${r.body.length > 64 ? " …" : ""}`));
  }
  return indent(r.body.toString("utf8"));
}

/** The `--json` object for a request: everything on the line, plus the body with --body. */
export function requestJson(r: ReceivedRequest, withBody: boolean): Record<string, unknown> {
  const i = r.inspection;
  return {
    time: r.time.toISOString(),
    method: r.method,
    path: r.path,
    provider: i?.provider ?? null,
    event: i?.event ?? null,
    id: i?.id ?? null,
    verdict: i?.verdict ?? null,
    status: r.status,
    size: r.size,
    duration_ms: r.durationMs,
    ...(r.note ? { note: r.note } : {}),
    ...(r.forwarded ? { forwarded: r.forwarded } : {}),
    ...(withBody ? (i?.bodyKind === "json" ? { body: i.json } : { body_base64: r.body.toString("base64") }) : {}),
  };
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
