// Registration only: commander is the one import; each action loads its command lazily.
import { Command, Option } from "commander";
import { collect, parseExpect, parseInteger } from "./options.js";

const examples = (lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;

export function createProgram(): Command {
  const program = new Command("wh-sim")
    .description("Simulate signed webhooks from Stripe, Plaid, Truv, Bridge and Standard Webhooks senders, and receive them locally.")
    .version(process.env.npm_package_version ?? "0.1.0", "-v, --version")
    .option("--debug", "print stack traces for unexpected errors")
    .option("--no-color", "plain output (also NO_COLOR=1)")
    .option("--config <file>", "project config file (default ./wh-sim.config.json)")
    .showSuggestionAfterError()
    .exitOverride()
    .configureHelp({ showGlobalOptions: true });

  program
    .command("trigger")
    .description("build an event from its fixture, sign it as the provider does, and POST it")
    .argument("[provider]", "stripe, plaid, truv, bridge or standard")
    .argument("[event]", "the provider's event name, e.g. financial_connections.account.refreshed_balance")
    .option("-u, --url <url>", "target URL (default $WH_SIM_URL, else http://localhost:4242/webhook)")
    .option("-s, --secret <secret>", "signing secret; give it twice to sign with both (rotation)", collect)
    .option("-o, --override <path=value>", "set a field by dot path; the value is JSON when it parses, else a string", collect)
    .option("--data <json|@file>", "JSON deep-merged into the payload")
    .option("--payload <@file>", "send this exact body instead of a fixture (still signed)")
    .option("-H, --header <name:value>", "extra request header", collect)
    .option("--account <acct_id>", "stripe: deliver as a Connect event from this connected account")
    .option("--api-version <version>", "stripe: the event's api_version")
    .addOption(new Option("--expect <status>", "status that counts as success: 200, 2xx, 200,202").default("2xx").argParser(parseExpect))
    .addOption(new Option("--timeout <ms>", "give up waiting for the response after this long").default(10_000).argParser(parseInteger(1, 3_600_000)))
    .option("--insecure", "HTTPS: do not check the server certificate (self-signed staging)")
    .option("--ca <file>", "HTTPS: trust this PEM CA certificate")
    .option("--dry-run", "print the request (headers and body) and send nothing")
    .addOption(new Option("--print <format>", "print the request as a command instead of sending it").choices(["curl"]))
    .option("--json", "one JSON object per delivery on stdout (NDJSON)")
    .option("--seed <n>", "reproducible ids and timestamps (the clock is fixed unless --at is given)")
    .addOption(new Option("--at <unix-seconds>", "sign and date the event at this time").argParser(parseInteger(0, 2 ** 40)))
    .addHelpText(
      "after",
      examples([
        "wh-sim trigger stripe financial_connections.account.refreshed_balance --url http://localhost:3000/webhook",
        "wh-sim trigger stripe account.updated --account acct_1Nv0FGQ9RKHgCVdK -o data.object.charges_enabled=false",
        "wh-sim trigger stripe payment_intent.succeeded --data '{\"data\":{\"object\":{\"amount\":4200}}}' --json",
        "wh-sim trigger stripe customer.created --secret whsec_old --secret whsec_new --expect 200",
        "wh-sim trigger stripe invoice.paid --url https://staging.example.com/hooks --ca ./staging-ca.pem",
        "wh-sim trigger stripe charge.refunded --print curl",
      ]),
    )
    .action(async (provider, event, options, command) => {
      const { runTrigger } = await import("./commands/trigger.js");
      await runTrigger(provider, event, { ...command.optsWithGlobals(), ...options });
    });

  program
    .command("list")
    .description("providers and their events, with a one-line description each")
    .argument("[provider]", "only this provider's events")
    .option("--json", "machine-readable output")
    .addHelpText("after", examples(["wh-sim list", "wh-sim list stripe", "wh-sim list stripe --json | jq -r '.[].name'"]))
    .action(async (provider, options) => {
      const { runList } = await import("./commands/list.js");
      await runList(provider, options);
    });

  program
    .command("secret")
    .description("print the built-in test secret of a provider, or a new one")
    .argument("<provider>", "stripe, plaid, truv, bridge or standard")
    .option("--new", "generate a fresh secret in the provider's format")
    .option("--json", "machine-readable output")
    .addHelpText("after", examples(["wh-sim secret stripe", "wh-sim secret stripe --new"]))
    .action(async (provider, options) => {
      const { runSecret } = await import("./commands/secret.js");
      await runSecret(provider, options);
    });

  return program;
}
