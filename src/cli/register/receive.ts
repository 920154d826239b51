// The commands that receive: listen, replay.
import { Option, type Command } from "commander";
import { DEFAULT_URL, LISTEN_DEFAULTS } from "../../defaults.js";
import { addHabits, LISTEN_HABITS, refusePositionalPort } from "../habits.js";
import { collect, parseBytes, parseFraction, parseInteger, parseList } from "../options.js";
import { examples, expectOption, timeoutOption } from "./shared.js";

export function registerListen(program: Command): void {
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
    .option(
      "--print-secret [provider]",
      "print the signing secret listen verifies a provider's deliveries with (default stripe, as `stripe listen --print-secret`), and exit",
    )
    .option("--ui", "serve the web inspector on the listener's port, under /_wh-sim/ (also `ui: true` in the config)")
    .option("--open", "open the inspector in a browser (implies --ui)")
    .option("--mcp", "also serve wh-sim's tools to agents over MCP (Streamable HTTP, on a port of its own: the URL is printed)")
    .addOption(new Option("--mcp-port <port>", "the MCP port (default: any free port)").argParser(parseInteger(0, 65535)))
    .option(
      "--mcp-files <folder>",
      "a folder MCP's tools may read run and scenario files from, besides the working folder and wh-sim's home (repeatable)",
      collect,
    )
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
    .option("--keep-credentials", "keep the API keys and secrets apps send the provider APIs in the recording, the inspector and MCP (redacted by default)")
    .addOption(
      new Option(
        "--memory <bytes>",
        "what the inspector, and the control plane and MCP, each keep of the requests, at most (the oldest go first; accepts mb; default 128mb for the inspector, 16mb for the others)",
      ).argParser(parseBytes),
    )
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
        "wh-sim listen --json      # point a Plaid, Stripe, Truv or Bridge client here: its API is answered",
      ]),
    )
    .action(async (options, command) => {
      const { runListen } = await import("../commands/listen.js");
      await runListen({ ...command.optsWithGlobals(), ...options });
    });
}

export function registerReplay(program: Command): void {
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
      const { runReplay } = await import("../commands/replay.js");
      await runReplay(file, { ...command.optsWithGlobals(), ...options });
    });
}
