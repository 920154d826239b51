// Registration only: commander is the one import; each action loads its command lazily.
import { packageVersion } from "../lib/package-version.js";
import { Command, Option } from "commander";
import { DEFAULT_URL, LISTEN_DEFAULTS } from "../listen/defaults.js";
import { addHabits, LISTEN_HABITS, refusePositionalPort, TRIGGER_HABITS } from "./habits.js";
import { collect, parseAccount, parseBytes, parseExpect, parseFraction, parseInteger, parseList, parsePositive } from "./options.js";

// Options several commands share, each with its own wording.
const expectOption = (text: string) => new Option("--expect <status>", text).default("2xx").argParser(parseExpect);
const timeoutOption = (text: string, max = 3_600_000, fallback = 10_000) =>
  new Option("--timeout <ms>", text).default(fallback).argParser(parseInteger(1, max));
const atOption = (text: string) => new Option("--at <unix-seconds>", text).argParser(parseInteger(0, 2 ** 40));

/** Many at once: the same options for `trigger` (events) and `scenario` (whole runs of it). */
const bulkOptions = (unit: "event" | "run", what: string): Option[] => [
  new Option("--count <n>", `send n ${what}`).default(1).argParser(parseInteger(1, 1_000_000)),
  new Option("--concurrency <k>", `how many ${unit === "event" ? "deliveries" : "runs"} in flight at once`).default(1).argParser(parseInteger(1, 1000)),
  new Option("--rate <n>", `start at most n ${unit}s per second, evenly spaced`).argParser(parsePositive(`${unit}s per second`)),
  new Option("--duration <seconds>", "keep sending for this long (with --count: whichever ends first)").argParser(parsePositive("seconds")),
];

/** What providers really do to a handler, sent on purpose: the same options for `trigger` and `scenario`. */
const chaosOptions = (): Option[] => [
  new Option("--duplicate [n]", "chaos: deliver the same message n more times (default 1), redelivered as the provider does").argParser(parseInteger(1, 1000)),
  new Option("--stale [seconds]", "chaos: sign this long ago (default: the provider's tolerance + 60 s)").argParser(parseInteger(1, 10 ** 9)),
  new Option("--future [seconds]", "chaos: sign this far ahead (default: the tolerance + 60 s)").argParser(parseInteger(1, 10 ** 9)),
  new Option("--wrong-secret", "chaos: sign with a secret (Plaid: a key) the app does not have"),
  new Option("--tamper", "chaos: change the body after signing"),
  new Option("--malformed-signature", "chaos: send a signature header that cannot be parsed"),
  new Option("--no-signature", "chaos: send no signature header"),
  new Option("--unknown-kid", "chaos, plaid: sign with a key under a kid the key endpoint does not know (it answers 400)"),
  new Option("--expired-key", "chaos, plaid: sign with a key the key endpoint reports as expired"),
  new Option("--rotate", "chaos: sign with an old secret and yours, as during rotation (the app must accept it)"),
];

/** Where and how a delivery is signed: the same options for `trigger` and `scenario`. */
const sendingOptions = (): Option[] => [
  new Option("-u, --url <url>", `target URL (default $WH_SIM_URL, else ${DEFAULT_URL}; localhost:3000/x means http://)`),
  new Option("-s, --secret <secret>", "signing secret; give it twice to sign with both (rotation)").argParser(collect),
  new Option("--account <acct_id>", "stripe: deliver as a Connect event from this connected account").argParser(parseAccount),
  new Option(
    "--api-version <version>",
    "stripe: 2026-10-28.endive (default) or 2026-07-29.dahlia, objects shaped for it; bridge: 2021.06.01 or 2025-01-15 (default)",
  ),
  new Option("--timestamp-unit <unit>", "bridge: the body's timestamp in ms (default) or s").choices(["ms", "s"]),
  new Option("--svix", "standard: send Svix's branded svix-* headers instead of webhook-*"),
];

/** Adds options to a command (commander has no addOptions). */
const withOptions = (command: Command, options: readonly Option[]): Command => options.reduce((c, o) => c.addOption(o), command);

const examples = (lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;

/** Where commander writes help and its own errors; tests capture them. */
export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

export function createProgram(output?: ProgramOutput): Command {
  const program = new Command("wh-sim")
    .description("Simulate signed webhooks from Stripe, Plaid, Truv, Bridge and Standard Webhooks senders, and receive them locally.")
    .version(packageVersion(), "-v, --version")
    .option("--debug", "print stack traces for unexpected errors")
    .option("--color", "colour even when not on a terminal (also FORCE_COLOR=1)")
    .option("--no-color", "plain output (also NO_COLOR=1)")
    .option("--config <file>", "project config file (default ./wh-sim.config.json)")
    .showSuggestionAfterError()
    .exitOverride()
    .configureHelp({ showGlobalOptions: true });
  // Set before the commands are added: each copies its parent's output settings.
  if (output) program.configureOutput(output);

  const trigger = withOptions(addHabits(program.command("trigger"), TRIGGER_HABITS), [
    ...sendingOptions(),
    ...bulkOptions("event", "distinct events (each with its own ids and signature)"),
  ])
    .description("build an event from its fixture, sign it as the provider does, and POST it")
    .argument("[provider]", "stripe, plaid, truv, bridge or standard")
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
        'wh-sim trigger stripe payment_intent.succeeded --data \'{"data":{"object":{"amount":4200}}}\' --json',
        "wh-sim trigger stripe customer.created --secret whsec_old --secret whsec_new --expect 200",
        "wh-sim trigger stripe invoice.paid --url https://staging.example.com/hooks --ca ./staging-ca.pem",
        "wh-sim trigger stripe charge.refunded --print curl",
        "wh-sim trigger stripe payment_intent.succeeded --count 500 --concurrency 20 --json",
        "wh-sim trigger plaid TRANSACTIONS.SYNC_UPDATES_AVAILABLE --url http://localhost:3000/plaid",
        "wh-sim trigger plaid ITEM.ERROR@institution_down",
        "wh-sim trigger truv link-disconnected",
        "wh-sim trigger bridge item.account.updated --api-version 2021.06.01",
        "wh-sim trigger standard invoice.paid --payload @event.json --svix",
        "wh-sim trigger stripe invoice.paid --url $STAGING --tamper --expect 4xx      # exit 0: staging rejects it",
        "wh-sim trigger plaid ITEM.ERROR --duplicate 2                                # the same body, three times",
        "wh-sim trigger plaid ITEM.ERROR --retry --retry-speed 3600                   # Plaid's schedule, hours as seconds",
      ]) +
        `
Chaos and what the providers' own verifiers do with it:
  --stale        every provider that signs a time rejects it (Truv and Bridge sign none: refused)
  --future       stripe-node accepts it; jose (Plaid) and the Standard Webhooks/Svix libraries reject it
  --duplicate    Stripe re-signs with a new t; Plaid makes a new JWT (iat) over the same body;
                 Standard Webhooks keeps webhook-id with a new timestamp; Truv and Bridge repeat the bytes
  --rotate       Stripe, Standard Webhooks and Bridge send two signatures; the app must accept either

Retry schedules (--retry without a schedule), each attempt re-signed as the provider does:
  plaid          30 s, then each delay 4x the previous, for up to 24 h; 10 s timeout; success is 200
  standard       immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h
  standard --svix  immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; 15 s timeout;
                 an answer header webhook-delivery: abort-message stops it
  stripe         an APPROXIMATION (Stripe publishes only "up to 3 days, exponential" live and
                 "three times over a few hours" in test mode): 1 h, 2 h, 4 h
  truv, bridge   publish no schedule: give one (--retry 0,5s,1m)
A 3xx is a failure and is never followed (Truv alone documents following redirects).
`,
    )
    .action(async (provider, event, options, command) => {
      const { runTrigger } = await import("./commands/trigger.js");
      await runTrigger(provider, event, { ...command.optsWithGlobals(), ...options });
    });
  withOptions(trigger, chaosOptions());

  program
    .command("run")
    .description("run a smoke-test file of triggers and scenarios, each with what it must get; --junit for CI")
    .argument("[file]", "a run file (YAML or JSON); wh-sim run --init writes one")
    .option("-u, --url <url>", `target for every step (default $WH_SIM_URL, the config file, else ${DEFAULT_URL})`)
    .option("-s, --secret <provider=secret>", "a provider's signing secret (repeatable; default $WH_SIM_<PROVIDER>_SECRET)", collect)
    .option("--junit <file>", "also write a JUnit XML report (GitLab, Jenkins, GitHub test reports)")
    .option("--json", "one JSON object per step on stdout")
    .option("--init", `write a starting file (default ${"webhooks.smoke.yml"}) covering happy path, duplicates, order and forgeries`)
    .addOption(timeoutOption("give up waiting for each response after this long"))
    .addHelpText("after", examples(["wh-sim run --init", 'wh-sim run webhooks.smoke.yml --url "$STAGING" --secret stripe="$WHSEC" --junit report.xml']))
    .action(async (file, options, command) => {
      const { runRunFile } = await import("./commands/run.js");
      await runRunFile(file, { ...command.optsWithGlobals(), ...options });
    });

  const scenario = withOptions(program.command("scenario"), [
    ...sendingOptions(),
    new Option("-H, --header <name:value>", "extra request header").argParser(collect),
    ...bulkOptions("run", "runs of the scenario (each with its own objects)"),
  ])
    .description("send a realistic sequence of a provider's events, the same objects throughout (wh-sim list --scenarios)")
    .argument("<provider>", "stripe, plaid, truv, bridge or standard")
    .argument("<name>", "a scenario, e.g. fc-account-lifecycle")
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
        "wh-sim scenario plaid item-error-repair --shuffle --seed 7 --duplicate-rate 0.5",
        "wh-sim scenario truv order-completed --delay 200 --json",
        "wh-sim scenario stripe fc-account-lifecycle --count 200 --concurrency 20 --rate 50",
      ]),
    )
    .action(async (provider, name, options, command) => {
      const { runScenario } = await import("./commands/scenario.js");
      await runScenario(provider, name, { ...command.optsWithGlobals(), ...options });
    });
  withOptions(scenario, chaosOptions());

  refusePositionalPort(addHabits(program.command("listen"), LISTEN_HABITS))
    .description("receive webhooks: detect the provider, verify the signature, show, record or forward each one")
    .addOption(new Option("-p, --port <port>", `port (default ${LISTEN_DEFAULTS.port}; 0 = any free port)`).argParser(parseInteger(0, 65535)))
    .option("--host <host>", `interface to bind (default ${LISTEN_DEFAULTS.host}; all interfaces only when asked: 0.0.0.0)`)
    .option("--path <path>", "only this path is the webhook endpoint (others get 404)")
    .option("-s, --secret <provider=secret>", "secret to verify a provider's deliveries with (repeatable)", collect)
    .option("--body", "also print each body (pretty, coloured JSON; raw text; hex for binary)")
    .option("--json", "one JSON object per request on stdout (NDJSON)")
    .option("--record <file>", "append every request, byte-exact, to this NDJSON file (replay reads it)")
    .option("-f, --forward-to <url>", "relay each request unchanged to your app and return its answer (localhost:3000/x means http://)")
    .option("--events <names>", "only show these events (comma-separated; `invoice.*` for a family); all are still answered and recorded", parseList)
    .option("--print-secret", "print the Stripe signing secret listen verifies with, and exit (as `stripe listen --print-secret`)")
    .option("--ui", "serve the web inspector on the listener's port, under /_wh-sim/ (also `ui: true` in the config)")
    .option("--open", "open the inspector in a browser (implies --ui)")
    .option(
      "--allowed-host <name>",
      "let the inspector answer requests addressed to this host name too, e.g. a proxy's (repeatable; .example.com allows its subdomains)",
      collect,
    )
    .addOption(
      new Option("--status <code>", "status to answer with when not forwarding (a final status, 200–599)")
        .default(LISTEN_DEFAULTS.status)
        .argParser(parseInteger(200, 599)),
    )
    .addOption(new Option("--delay <ms>", "wait this long before answering").default(LISTEN_DEFAULTS.delayMs).argParser(parseInteger(0, 600_000)))
    .addOption(
      new Option("--fail-rate <0..1>", "answer this share of requests with 500, to test retries").default(LISTEN_DEFAULTS.failRate).argParser(parseFraction),
    )
    .addOption(new Option("--max-body <bytes>", "larger bodies get 413 (accepts kb/mb)").default(LISTEN_DEFAULTS.maxBody).argParser(parseBytes))
    .addOption(timeoutOption("how long to wait for the app when forwarding", 600_000, LISTEN_DEFAULTS.forwardTimeoutMs))
    .addOption(
      new Option("--request-timeout <ms>", "drop clients that take longer to send a request")
        .default(LISTEN_DEFAULTS.requestTimeoutMs)
        .argParser(parseInteger(100, 600_000)),
    )
    .addHelpText(
      "after",
      examples([
        "wh-sim listen",
        "wh-sim listen --port 4242 --body",
        "wh-sim listen --secret stripe=whsec_… --forward-to http://localhost:3000/webhook",
        "wh-sim listen --record hooks.ndjson --json",
        "wh-sim listen --status 500 --delay 2000      # test a sender's retries and timeouts",
      ]),
    )
    .action(async (options, command) => {
      const { runListen } = await import("./commands/listen.js");
      await runListen({ ...command.optsWithGlobals(), ...options });
    });

  program
    .command("replay")
    .description("re-send recorded requests, byte-identical, or re-signed with a fresh timestamp")
    .argument("<file>", "a recording made by wh-sim listen --record")
    .option("-u, --url <url>", `target (default $WH_SIM_URL, else the recorded path on ${new URL(DEFAULT_URL).origin})`)
    .option("--filter <event>", "only requests of this event")
    .addOption(new Option("--index <n>", "only the n-th request (0-based) of those --filter keeps").argParser(parseInteger(0, 10_000_000)))
    .option("--resign", "sign again with a fresh timestamp (so stale-timestamp checks pass)")
    .addOption(new Option("--duplicate [n]", "chaos: send each request n more times (default 1)").argParser(parseInteger(1, 1000)))
    .option("--tamper", "chaos: change the body after signing")
    .option("-s, --secret <secret>", "with --resign: the signing secret", collect)
    .addOption(expectOption("status that counts as success"))
    .addOption(timeoutOption("per request"))
    .option("--json", "one JSON object per delivery on stdout")
    .addHelpText(
      "after",
      examples(["wh-sim replay hooks.ndjson --url http://localhost:3000/webhook", "wh-sim replay hooks.ndjson --filter invoice.paid --resign"]),
    )
    .action(async (file, options, command) => {
      const { runReplay } = await import("./commands/replay.js");
      await runReplay(file, { ...command.optsWithGlobals(), ...options });
    });

  program
    .command("sign")
    .description("print the headers a provider would send with a body (offline)")
    .argument("<provider>", "stripe, plaid, truv, bridge or standard")
    .requiredOption("--body <file|->", "the exact body bytes")
    .option("-s, --secret <secret>", "signing secret (repeatable: rotation)", collect)
    .addOption(atOption("sign at this time"))
    .option("--svix", "standard: Svix's svix-* header names")
    .option("--json", "the headers as a JSON object")
    .addHelpText("after", examples(["wh-sim sign stripe --body event.json --secret whsec_…", "cat event.json | wh-sim sign stripe --body -"]))
    .action(async (provider, options, command) => {
      const { runSign } = await import("./commands/sign.js");
      await runSign(provider, { ...command.optsWithGlobals(), ...options });
    });

  program
    .command("verify")
    .description("check a delivery's signature offline: exit 0 when valid, 1 with the reason when not")
    .argument("<provider>", "stripe, plaid, truv, bridge or standard")
    .requiredOption("--body <file|->", "the exact body bytes")
    .option("-H, --header <name:value>", "a received header (repeatable)", collect)
    .option("-s, --secret <secret>", "secret to check with (repeatable)", collect)
    .option("--jwk <file>", "plaid: check against this public JWK (or a key endpoint answer) instead of wh-sim's keys")
    .addOption(atOption("the clock for the freshness check"))
    .option("--json", "the verdict as JSON")
    .addHelpText(
      "after",
      examples([
        "wh-sim verify stripe --body body.json -H 'Stripe-Signature: t=…,v1=…' --secret whsec_…",
        "wh-sim verify plaid --body body.json -H 'Plaid-Verification: eyJ…' --jwk sandbox-key.json --at 1590887001",
      ]),
    )
    .action(async (provider, options, command) => {
      const { runVerify } = await import("./commands/verify.js");
      await runVerify(provider, { ...command.optsWithGlobals(), ...options });
    });

  program
    .command("demo")
    .description("start a listener and trigger one event of every provider into it; exits 0 when all verify")
    .option("--json", "one JSON object per provider")
    .addHelpText("after", examples(["wh-sim demo"]))
    .action(async (options) => {
      const { runDemo } = await import("./commands/demo.js");
      await runDemo(options);
    });

  withOptions(program.command("export"), sendingOptions().slice(0, 4))
    .description("write a load test for another tool: Artillery, with wh-sim signing a fresh event per request")
    .argument("<format>", "artillery")
    .argument("<provider>", "stripe, plaid, truv, bridge or standard")
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
      const { runExport } = await import("./commands/export.js");
      await runExport(format, provider, what, { ...command.optsWithGlobals(), ...options });
    });

  program
    .command("list")
    .description("providers and their events, with a one-line description each")
    .argument("[provider]", "only this provider's events")
    .option("--scenarios", "the scenarios instead of the events")
    .option("--json", "machine-readable output")
    .addHelpText("after", examples(["wh-sim list", "wh-sim list stripe", "wh-sim list stripe --json | jq -r '.[].name'"]))
    .action(async (provider, options) => {
      const { runList } = await import("./commands/list.js");
      await runList(provider, options);
    });

  program
    .command("secret")
    .description("print a provider's built-in test secret (Plaid: wh-sim's public JWK), or make a new one")
    .argument("<provider>", "stripe, plaid, truv, bridge or standard")
    .option("--new", "generate a fresh secret in the provider's format (Plaid: rotate to a new key)")
    .option("--json", "machine-readable output")
    .addHelpText("after", examples(["wh-sim secret stripe", "wh-sim secret stripe --new", "wh-sim secret plaid", "wh-sim secret plaid --new"]))
    .action(async (provider, options) => {
      const { runSecret } = await import("./commands/secret.js");
      await runSecret(provider, options);
    });

  program
    .command("completion")
    .description("print a shell completion script (commands, options, providers and every event name)")
    .argument("<shell>", "bash, zsh or fish")
    .addHelpText(
      "after",
      examples([
        "source <(wh-sim completion bash)                                   # bash, this shell",
        "wh-sim completion bash > ~/.local/share/bash-completion/completions/wh-sim",
        'wh-sim completion zsh > "${fpath[1]}/_wh-sim"                      # zsh, then restart it',
        "wh-sim completion fish > ~/.config/fish/completions/wh-sim.fish",
      ]),
    )
    .action(async (shell) => {
      const { runCompletion } = await import("./commands/completion.js");
      await runCompletion(shell);
    });

  return program;
}
