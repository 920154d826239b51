#!/usr/bin/env node
// The one place that turns errors into exit codes (docs/architecture.md, errors and exit codes).
import { CommanderError } from "commander";
import { WhSimError } from "../lib/errors.js";
import { preparePaint } from "./output.js";
import { createProgram } from "./program.js";
// Installed first: a closed stdout ends any command quietly.
import "./stdout.js";

const debug = process.argv.includes("--debug");

// No top-level await: the command line is bundled as CommonJS, which starts faster than ES modules.
void (async () => {
  try {
    await preparePaint();
    // `wh-sim` alone: on a terminal, ask what to do; elsewhere, the help (commander's own answer).
    if (process.argv.length === 2 && process.stdin.isTTY && process.stdout.isTTY) await (await import("./commands/home.js")).runHome();
    else await createProgram(undefined, process.argv).parseAsync(process.argv);
  } catch (error) {
    process.exitCode = await report(error);
  }
})();

async function report(error: unknown): Promise<number> {
  if (error instanceof CommanderError) {
    // Commander has printed its message; help and --version are successes.
    return error.exitCode === 0 || error.code.startsWith("commander.help") || error.code === "commander.version" ? 0 : 2;
  }
  if (error instanceof Error && error.name === "ExitPromptError") return 130; // Ctrl-C in a prompt: interrupted
  const { formatError } = await import("./output.js");
  if (error instanceof WhSimError) {
    if (error.message) console.error(formatError(error.message, error.hint));
    if (debug && error.stack) console.error(error.stack);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(
    formatError(
      `wh-sim crashed: ${message}`,
      "this is a bug in wh-sim; please report it with the command you ran" + (debug ? "" : " (add --debug for the stack trace)"),
    ),
  );
  if (debug && error instanceof Error) console.error(error.stack);
  return 70;
}
