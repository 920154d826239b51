// The only importer of chalk: every colour decision lives here (NO_COLOR / FORCE_COLOR honoured by chalk).
import chalk from "chalk";

export const paint = chalk;

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
