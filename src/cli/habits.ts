// Flags and forms other webhook tools taught people (the Stripe CLI, ngrok…): accepted by the
// parser only to answer with wh-sim's way, instead of a bare "unknown option" or a wrong
// "did you mean".
import { Option, type Command } from "commander";
import { UsageError } from "../lib/errors.js";

export interface Habit {
  /** As commander declares it, e.g. `--stripe-account <id>`. */
  readonly flags: string;
  /** What to use instead. */
  readonly pointer: string;
}

export const TRIGGER_HABITS: readonly Habit[] = [
  { flags: "--stripe-account <id>", pointer: "wh-sim calls it --account acct_… (the event comes from that connected account)" },
  { flags: "--format <format>", pointer: "use --json for JSON output (one object per delivery)" },
  { flags: "--edit", pointer: "wh-sim opens no editor: print the event with --dry-run, edit it, and send it with --payload @file" },
];

export const LISTEN_HABITS: readonly Habit[] = [
  { flags: "--format <format>", pointer: "use --json for JSON output (one object per request)" },
  { flags: "--forward-connect-to <url>", pointer: "wh-sim forwards every request with --forward-to <url>" },
];

/** Declares the habits as hidden options that stop the command with their pointer. */
export function addHabits(command: Command, habits: readonly Habit[]): Command {
  for (const { flags } of habits) command.addOption(new Option(flags).hideHelp());
  return command.hook("preAction", (_program, action) => {
    const given = action.opts();
    for (const { flags, pointer } of habits) {
      const option = new Option(flags);
      if (given[option.attributeName()] !== undefined) throw new UsageError(`${option.long} is not a wh-sim option`, pointer);
    }
  });
}

/** `wh-sim listen 3000` (ngrok's habit): a usage error that names the option meant. */
export function refusePositionalPort(command: Command): Command {
  return command.allowExcessArguments(true).hook("preAction", (_program, action) => {
    const [first] = action.args;
    if (first === undefined) return;
    throw new UsageError(
      `listen takes no argument, got "${first}"`,
      /^\d{1,5}$/.test(first) ? `did you mean --port ${first}?` : "options start with --; wh-sim listen --help lists them",
    );
  });
}
