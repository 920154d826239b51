// The commands that send: trigger, scenario, run, export.
import { Option, type Command } from "commander";
import { DEFAULT_URL } from "../../defaults.js";
import { addHabits, TRIGGER_HABITS } from "../habits.js";
import { collect, parseFraction, parseInteger } from "../options.js";
import { CHAOS_FLAGS } from "../../chaos-flags.js";
import { providerList } from "../../providers/registry.js";
import { atOption, bulkOptions, chaosOptions, examples, expectOption, sendingOptions, timeoutOption, withOptions } from "./shared.js";

/** `trigger --help` in groups, as gh and the Stripe CLI group theirs; an option not named here stays under "Options:". */
const TRIGGER_GROUPS: Record<string, readonly string[]> = {
  "Where and how it is sent:": ["--url", "--secret", "--header", "--expect", "--timeout", "--insecure", "--ca"],
  "The event:": [
    "--override",
    "--add",
    "--remove",
    "--data",
    "--payload",
    "--seed",
    "--at",
    "--account",
    "--api-version",
    "--timestamp-unit",
    "--svix",
    "--signature-diagnostics",
  ],
  "Chaos (what breaks handlers in production):": CHAOS_FLAGS.map((f) => `--${f.flag}`),
  "Volume and retries:": ["--count", "--concurrency", "--rate", "--duration", "--threads", "--retry", "--retry-speed"],
  "Output:": ["--dry-run", "--print", "--json"],
};

function groupOptions(command: Command, groups: Record<string, readonly string[]>): void {
  for (const [heading, flags] of Object.entries(groups)) for (const option of command.options) if (flags.includes(option.long ?? "")) option.helpGroup(heading);
}

export function registerTrigger(program: Command): void {
  const trigger = withOptions(addHabits(program.command("trigger"), TRIGGER_HABITS), [
    ...sendingOptions(),
    ...bulkOptions("event", "distinct events (each with its own ids and signature)"),
  ])
    .description("build an event from its fixture, sign it as the provider does, and POST it")
    .argument("[provider]", providerList())
    .argument("[event]", "the provider's event name, e.g. financial_connections.account.refreshed_balance")
    .option("-o, --override <path=value>", "set a field the event has, by dot path; the value is JSON when it parses, else a string", collect)
    .option("--add <path=value>", "add a field the event does not have (objects on the way are made)", collect)
    .option("--remove <path>", "remove a field from the event", collect)
    .option("--data <json|@file>", "JSON deep-merged into the payload")
    .option("--payload <@file>", "send this exact body instead of a fixture (still signed)")
    .option("-H, --header <name:value>", "extra request header", collect)
    .addOption(
      new Option("--threads <n>", "spread a bulk run over n threads (default: one per core, at most 4, from 2,000 events)").argParser(parseInteger(1, 64)),
    )
    .addOption(expectOption("status that counts as success: 200, 2xx, 200,202"))
    .addOption(timeoutOption("give up waiting for the response after this long"))
    .option("--insecure", "HTTPS: do not check the server certificate (self-signed staging)")
    .option("--ca <file>", "HTTPS: trust this PEM CA certificate")
    .addOption(new Option("--retry [schedule]", "on failure, retry on the provider's published schedule, or on yours: 0,5s,1m,2h"))
    .addOption(new Option("--retry-speed <factor>", "divide the retry delays by this (3600: hours become seconds)").argParser(parseInteger(1, 10 ** 7)))
    .option("--dry-run", "print the request (headers and body) and send nothing")
    .addOption(new Option("--print <format>", "print the request as a command instead of sending it").choices(["curl"]))
    .option("--json", "one JSON object per delivery on stdout (NDJSON)")
    .option("--seed <n>", "reproducible ids and timestamps (the clock is fixed unless --at is given)")
    .addOption(atOption("sign and date the event at this time"))
    .addHelpText(
      "after",
      examples([
        "wh-sim trigger stripe financial_connections.account.refreshed_balance --url http://localhost:3000/webhook",
        "wh-sim trigger stripe account.updated --account acct_1Nv0FGQ9RKHgCVdK -o data.object.charges_enabled=false",
        "wh-sim trigger stripe customer.created --secret whsec_old --secret whsec_new --expect 200",
        "wh-sim trigger stripe charge.refunded --print curl",
        "wh-sim trigger stripe payment_intent.succeeded --count 500 --concurrency 20 --json",
        "wh-sim trigger plaid ITEM.ERROR@institution_down",
        "wh-sim trigger stripe invoice.paid --url $STAGING --tamper --expect 4xx      # exit 0: staging rejects it",
        "wh-sim trigger plaid ITEM.ERROR --retry --retry-speed 3600                   # Plaid's schedule, hours as seconds",
      ]) +
        `
What each chaos option sends and what the providers' own verifiers do with it, and each provider's
retry schedule: docs/chaos.md.
`,
    );
  trigger.action(async (provider, event, options, command) => {
    const { runTrigger } = await import("../commands/trigger.js");
    await runTrigger(provider, event, { ...command.optsWithGlobals(), ...options });
  });
  withOptions(trigger, chaosOptions());
  groupOptions(trigger, TRIGGER_GROUPS);
}

export function registerScenario(program: Command): void {
  const scenario = withOptions(program.command("scenario"), [
    ...sendingOptions(),
    new Option("-H, --header <name:value>", "extra request header").argParser(collect),
    ...bulkOptions("run", "runs of the scenario (each with its own objects)"),
  ])
    .description("send a realistic sequence of a provider's events, the same objects throughout (wh-sim list --scenarios)")
    .argument("<provider>", providerList())
    .argument("<name>", "a scenario, e.g. fc-account-lifecycle")
    .option("-o, --override <path=value>", "set a field in every step whose event has it (dot path; the value is JSON when it parses)", collect)
    .option("--add <path=value>", "add a field to every step whose event has its parent", collect)
    .option("--remove <path>", "remove a field from every step whose event has it", collect)
    .option("--dry-run", "print each step's request (headers and body) and send nothing; with --json, one line per delivery")
    .option("--shuffle", "send the steps out of order (reproducible with --seed)")
    .option("--seed <n>", "reproducible ids, order and duplicates (the events are signed now)")
    .addOption(new Option("--duplicate-rate <0..1>", "send this share of the steps twice, as a redelivery").default(0).argParser(parseFraction))
    .addOption(new Option("--delay <ms>", "wait this long between steps").default(0).argParser(parseInteger(0, 3_600_000)))
    .addOption(expectOption("status that counts as success for every step"))
    .addOption(timeoutOption("give up waiting for each response after this long"))
    .option("--json", "one JSON object per delivery on stdout (NDJSON)")
    .addHelpText(
      "after",
      examples([
        "wh-sim scenario stripe fc-account-lifecycle --url http://localhost:3000/webhook",
        "wh-sim scenario stripe fc-account-lifecycle --dry-run -o data.object.institution_name=Chase",
        "wh-sim scenario plaid item-error-repair --shuffle --seed 7 --duplicate-rate 0.5",
        "wh-sim scenario truv order-completed --delay 200 --json",
        "wh-sim scenario stripe fc-account-lifecycle --count 200 --concurrency 20 --rate 50",
      ]),
    )
    .action(async (provider, name, options, command) => {
      const { runScenario } = await import("../commands/scenario.js");
      await runScenario(provider, name, { ...command.optsWithGlobals(), ...options });
    });
  withOptions(scenario, chaosOptions());
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run a smoke-test file of triggers and scenarios, each with what it must get; --junit for CI")
    .argument("[file]", "a run file (YAML or JSON); default webhooks.smoke.yml when there is one here; wh-sim run --init writes one")
    .option("-u, --url <url>", `target for every step (default $WH_SIM_URL, the config file, else ${DEFAULT_URL})`)
    .option("-s, --secret <provider=secret>", "a provider's signing secret (repeatable; default $WH_SIM_<PROVIDER>_SECRET)", collect)
    .option("--junit <file>", "also write a JUnit XML report (GitLab, Jenkins, GitHub test reports)")
    .option("--json", "one JSON object per step on stdout")
    .option("--init", `write a starting file (default ${"webhooks.smoke.yml"}) covering happy path, duplicates, order and forgeries`)
    .option("--dry-run", "check every step and print where each would go and what it must get; send nothing")
    .addOption(timeoutOption("give up waiting for each response after this long"))
    .addHelpText("after", examples(["wh-sim run --init", 'wh-sim run webhooks.smoke.yml --url "$STAGING" --secret stripe="$WHSEC" --junit report.xml']))
    .action(async (file, options, command) => {
      const { runRunFile } = await import("../commands/run.js");
      await runRunFile(file, { ...command.optsWithGlobals(), ...options });
    });
}

export function registerExport(program: Command): void {
  withOptions(program.command("export"), sendingOptions().slice(0, 4))
    .description("write a load test for another tool: Artillery, with wh-sim signing a fresh event per request")
    .argument("<format>", "artillery")
    .argument("<provider>", providerList())
    .argument("<event-or-scenario>", "an event (customer.created) or a scenario (fc-account-lifecycle)")
    .addOption(new Option("--rate <n>", "new virtual users per second (Artillery's arrivalRate)").default(10).argParser(parseInteger(1, 100_000)))
    .addOption(new Option("--duration <seconds>", "how long Artillery sends").default(60).argParser(parseInteger(1, 86_400)))
    .option("--out <dir>", "where to write wh-sim-load.yml and wh-sim-processor.mjs", ".")
    .option("--force", "replace files that exist")
    .addHelpText(
      "after",
      examples([
        "wh-sim export artillery stripe customer.created --url https://staging.example.com/webhook",
        "wh-sim export artillery plaid item-error-repair --url http://localhost:3000/plaid --rate 50 --duration 300",
      ]),
    )
    .action(async (format, provider, what, options, command) => {
      const { runExport } = await import("../commands/export.js");
      await runExport(format, provider, what, { ...command.optsWithGlobals(), ...options });
    });
}
