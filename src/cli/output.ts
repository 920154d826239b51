// The only importer of chalk: every colour decision lives here. chalk loads only when colour can be
// on (a terminal, or colour forced): in a pipe or a file, output is plain text without it.
import { stdoutIsTerminal } from "./stdout.js";

/**
 * Whether to colour, strongest first: `--no-color` / `--color`, then `FORCE_COLOR`, then
 * `NO_COLOR` (any non-empty value), then whether stdout is a colour terminal. chalk alone
 * honours all but NO_COLOR.
 */
function colorLevel(argv: readonly string[], env: NodeJS.ProcessEnv, detected: number): 0 | 1 | 2 | 3 {
  const flags = argv.filter((a) => a === "--color" || a === "--no-color");
  if (flags.at(-1) === "--no-color") return 0;
  if (flags.at(-1) === "--color") return (detected || 1) as 1 | 2 | 3;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") {
    if (force === "0" || force === "false") return 0;
    const asked = force === "true" ? 1 : Math.min(3, Math.max(1, Number(force) || 1));
    return Math.max(asked, detected) as 1 | 2 | 3;
  }
  if (env.NO_COLOR) return 0;
  return detected as 0 | 1 | 2 | 3;
}

type Style = (text: string) => string;
/** The styles wh-sim uses, and the colour level they paint at (0: plain text). */
export interface Paint {
  readonly level: 0 | 1 | 2 | 3;
  readonly dim: Style;
  readonly bold: Style;
  readonly red: Style;
  readonly green: Style;
  readonly yellow: Style;
  readonly cyan: Style;
  readonly magenta: Style;
}

const asIs: Style = (text) => text;
const plain: Paint = { level: 0, dim: asIs, bold: asIs, red: asIs, green: asIs, yellow: asIs, cyan: asIs, magenta: asIs };

async function choosePaint(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<Paint> {
  // supports-color answers 0 for a stream that is not a terminal unless colour is forced: the same
  // answer without loading it.
  const forced = argv.includes("--color") || (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "");
  if (!forced && !stdoutIsTerminal()) return plain;
  const { Chalk, supportsColor } = await import("chalk");
  const level = colorLevel(argv, env, supportsColor ? supportsColor.level : 0);
  return level === 0 ? plain : new Chalk({ level });
}

/**
 * The styles every command paints with: plain until the command line's start chose them
 * (`preparePaint`). A live binding: importers read it at each use, never keep a copy.
 */
export let paint: Paint = plain;

/** Chooses the styles for this process (chalk is loaded only when colour can be on). */
export async function preparePaint(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  paint = await choosePaint(argv, env);
}

export function formatError(message: string, hint?: string): string {
  return `${paint.red("error:")} ${message}${hint ? `\n${paint.dim("hint:")} ${hint}` : ""}`;
}

export function formatStatus(status: number, ok: boolean): string {
  const text = `${status} ${STATUS_TEXT[status] ?? ""}`.trim();
  return ok ? paint.green(text) : paint.red(text);
}

export const mark = (ok: boolean): string => (ok ? paint.green("✔") : paint.red("✖"));

/** Pretty JSON with keys, strings and numbers coloured; raw text as is. */
export function highlightJson(text: string): string {
  return text.replace(
    /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g,
    (match, str: string | undefined, colon: string | undefined, literal: string | undefined) =>
      str ? (colon ? paint.cyan(str) + colon : paint.green(str)) : literal ? paint.magenta(match) : paint.yellow(match),
  );
}

// C0 and C1 control characters, DEL, and the Unicode controls that reorder or hide text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- as above, but newline and tab
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** Text from the outside world, safe to put on one terminal line: every control character shown as `\uXXXX`. */
export function printable(text: string): string {
  return text.replace(CONTROL, escape);
}

/** The same for a block of text: newlines and tabs are kept, every other control character shown as `\uXXXX`. */
export function printableBlock(text: string): string {
  return text.replace(CONTROL_BUT_LINES, escape);
}

/** `1 event`, `2 events`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

export function indent(text: string, prefix = "    "): string {
  return text
    .split("\n")
    .map((line) => prefix + line)
    .join("\n");
}

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  301: "Moved Permanently",
  302: "Found",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** A one-line progress bar on stderr for long --count runs; failures are printed above it. */
export function progressBar(total: number) {
  let done = 0;
  let failed = 0;
  const draw = () => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(
      `\r${paint.green("█".repeat(filled))}${paint.dim("░".repeat(width - filled))} ${done}/${total}${failed ? paint.red(` ${failed} failed`) : ""}`,
    );
  };
  return {
    tick(ok: boolean, failureLine?: string) {
      done++;
      if (!ok) failed++;
      if (failureLine) process.stderr.write(`\r\x1b[K${failureLine}\n`);
      draw();
    },
    done: () => process.stderr.write("\n"),
  };
}

/** A warning on stderr, as every command prints one. */
export const warnLine = (message: string): void => console.error(paint.yellow(`warning: ${message}`));
