// The only importer of chalk: every colour decision lives here.
import { Chalk, supportsColor } from "chalk";

/**
 * Whether to colour, strongest first: `--no-color` / `--color`, then `FORCE_COLOR`, then
 * `NO_COLOR` (any non-empty value), then whether stdout is a colour terminal. chalk alone
 * honours all but NO_COLOR.
 */
export function colorLevel(
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
  detected = supportsColor ? supportsColor.level : 0,
): 0 | 1 | 2 | 3 {
  const flags = argv.filter((a) => a === "--color" || a === "--no-color");
  if (flags.at(-1) === "--no-color") return 0;
  if (flags.at(-1) === "--color") return detected || 1;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") {
    if (force === "0" || force === "false") return 0;
    const asked = force === "true" ? 1 : Math.min(3, Math.max(1, Number(force) || 1));
    return Math.max(asked, detected) as 1 | 2 | 3;
  }
  if (env.NO_COLOR) return 0;
  return detected as 0 | 1 | 2 | 3;
}

export const paint = new Chalk({ level: colorLevel() });
const chalk = paint;

export function formatError(message: string, hint?: string): string {
  return `${chalk.red("error:")} ${message}${hint ? `\n${chalk.dim("hint:")} ${hint}` : ""}`;
}

export function formatStatus(status: number, ok: boolean): string {
  const text = `${status} ${STATUS_TEXT[status] ?? ""}`.trim();
  return ok ? chalk.green(text) : chalk.red(text);
}

export const mark = (ok: boolean): string => (ok ? chalk.green("✔") : chalk.red("✖"));

/** Pretty JSON with keys, strings and numbers coloured; raw text as is. */
export function highlightJson(text: string): string {
  return text.replace(
    /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g,
    (match, str: string | undefined, colon: string | undefined, literal: string | undefined) =>
      str ? (colon ? chalk.cyan(str) + colon : chalk.green(str)) : literal ? chalk.magenta(match) : chalk.yellow(match),
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
      `\r${chalk.green("█".repeat(filled))}${chalk.dim("░".repeat(width - filled))} ${done}/${total}${failed ? chalk.red(` ${failed} failed`) : ""}`,
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
