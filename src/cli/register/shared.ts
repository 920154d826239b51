// Options several commands share, each command with its own wording.
import { SEND_DEFAULTS } from "../../defaults.js";
import { Option, type Command } from "commander";
import { DEFAULT_URL } from "../../defaults.js";
import { CHAOS_FLAGS } from "../../chaos-flags.js";
import { collect, parseAccount, parseExpect, parseInteger, parsePositive } from "../options.js";

export const expectOption = (text: string) => new Option("--expect <status>", text).default(SEND_DEFAULTS.expect).argParser(parseExpect);
export const timeoutOption = (text: string, max = 3_600_000, fallback: number = SEND_DEFAULTS.timeoutMs) =>
  new Option("--timeout <ms>", text).default(fallback).argParser(parseInteger(1, max));
export const atOption = (text: string) => new Option("--at <unix-seconds>", text).argParser(parseInteger(0, 2 ** 40));

/** Many at once: the same options for `trigger` (events) and `scenario` (whole runs of it). */
export const bulkOptions = (unit: "event" | "run", what: string): Option[] => [
  new Option("--count <n>", `send n ${what}`).default(1).argParser(parseInteger(1, 1_000_000)),
  new Option("--concurrency <k>", `how many ${unit === "event" ? "deliveries" : "runs"} in flight at once`).default(1).argParser(parseInteger(1, 1000)),
  new Option("--rate <n>", `start at most n ${unit}s per second, evenly spaced`).argParser(parsePositive(`${unit}s per second`)),
  new Option("--duration <seconds>", "keep sending for this long (with --count: whichever ends first)").argParser(parsePositive("seconds")),
];

/** What providers really do to a handler, sent on purpose: the same options for `trigger` and `scenario`, from the one table. */
export const chaosOptions = (): Option[] =>
  CHAOS_FLAGS.map((f) => {
    const option = new Option(`--${f.flag}${"value" in f ? ` ${f.value}` : ""}`, `chaos: ${f.help}`);
    // A count of copies, or seconds; a bare flag means the default.
    return "value" in f ? option.argParser(f.key === "duplicate" ? parseInteger(1, 1000) : parseInteger(1, 10 ** 9)) : option;
  });

/** Where and how a delivery is signed: the same options for `trigger` and `scenario`. */
export const sendingOptions = (): Option[] => [
  new Option("-u, --url <url>", `target URL (default $WH_SIM_URL, else ${DEFAULT_URL}; localhost:3000/x means http://)`),
  new Option("-s, --secret <secret>", "signing secret; give it twice to sign with both (rotation)").argParser(collect),
  new Option("--account <acct_id>", "stripe: deliver as a Connect event from this connected account").argParser(parseAccount),
  new Option(
    "--api-version <version>",
    "stripe: 2026-11-18.endive (default), 2026-10-28.endive or 2026-07-29.dahlia, objects shaped for it; bridge: 2021.06.01 or 2025-01-15 (default)",
  ),
  new Option("--timestamp-unit <unit>", "bridge: the body's timestamp in ms (default) or s").choices(["ms", "s"]),
  new Option("--svix", "standard: send Svix's branded svix-* headers instead of webhook-*"),
  new Option(
    "--signature-diagnostics",
    "stripe: add the items stripe-node 23.2 reads to explain a mismatch to Stripe-Signature (secret=, destination=, payload=); whether Stripe sends them is unconfirmed",
  ),
];

/** Adds options to a command (commander has no addOptions). */
export const withOptions = (command: Command, options: readonly Option[]): Command => options.reduce((c, o) => c.addOption(o), command);

export const examples = (lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
