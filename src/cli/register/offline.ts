// The commands that need no network: sign, verify, demo, list, secret, completion.
import type { Command } from "commander";
import { collect } from "../options.js";
import { providerList } from "../../providers/registry.js";
import { atOption, examples } from "./shared.js";

export function registerSign(program: Command): void {
  program
    .command("sign")
    .description("print the headers a provider would send with a body (offline)")
    .argument("<provider>", providerList())
    .requiredOption("--body <file|->", "the exact body bytes")
    .option("-s, --secret <secret>", "signing secret (repeatable: rotation)", collect)
    .addOption(atOption("sign at this time"))
    .option("--svix", "standard: Svix's svix-* header names")
    .option("--json", "the headers as a JSON object")
    .addHelpText("after", examples(["wh-sim sign stripe --body event.json --secret whsec_…", "cat event.json | wh-sim sign stripe --body -"]))
    .action(async (provider, options, command) => {
      const { runSign } = await import("../commands/sign.js");
      await runSign(provider, { ...command.optsWithGlobals(), ...options });
    });
}

export function registerVerify(program: Command): void {
  program
    .command("verify")
    .description("check a delivery's signature offline: exit 0 when valid, 1 with the reason when not")
    .argument("<provider>", providerList())
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
      const { runVerify } = await import("../commands/verify.js");
      await runVerify(provider, { ...command.optsWithGlobals(), ...options });
    });
}

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("start a listener and trigger one event of every provider into it; exits 0 when all verify")
    .option("--json", "one JSON object per provider")
    .addHelpText("after", examples(["wh-sim demo"]))
    .action(async (options) => {
      const { runDemo } = await import("../commands/demo.js");
      await runDemo(options);
    });
}

export function registerList(program: Command): void {
  program
    .command("list")
    .description("providers and their events, with a one-line description each")
    .argument("[provider]", "only this provider's events")
    .option("--scenarios", "the scenarios instead of the events")
    .option("--json", "machine-readable output")
    .addHelpText("after", examples(["wh-sim list", "wh-sim list stripe", "wh-sim list stripe --json | jq -r '.[].name'"]))
    .action(async (provider, options) => {
      const { runList } = await import("../commands/list.js");
      await runList(provider, options);
    });
}

export function registerSecret(program: Command): void {
  program
    .command("secret")
    .description("print a provider's built-in test secret (Plaid: wh-sim's public JWK), or make a new one")
    .argument("<provider>", providerList())
    .option("--new", "generate a fresh secret in the provider's format (Plaid: rotate to a new key)")
    .option("--json", "machine-readable output")
    .addHelpText("after", examples(["wh-sim secret stripe", "wh-sim secret stripe --new", "wh-sim secret plaid", "wh-sim secret plaid --new"]))
    .action(async (provider, options) => {
      const { runSecret } = await import("../commands/secret.js");
      await runSecret(provider, options);
    });
}

/** `wholeProgram`: the program with every command registered (the one running may hold only this one). */
export function registerReset(program: Command): void {
  program
    .command("reset")
    .description("forget what the offline provider APIs learnt (all providers, or those named) so the next test starts clean")
    .argument("[providers...]", `only these (default: all): ${providerList()}`)
    .option("--listener <url>", "reset a running listener instead (its state in memory too, and what it received), through its control plane")
    .option("--token <token>", "the listener's run token, when it is bound beyond loopback (also WH_SIM_TOKEN)")
    .addHelpText("after", examples(["wh-sim reset", "wh-sim reset plaid", "wh-sim reset --listener http://127.0.0.1:4242"]))
    .action(async (providers: string[], options: { listener?: string; token?: string }) => {
      const { runReset } = await import("../commands/reset.js");
      await runReset(providers, options);
    });
}

export function registerHealth(program: Command): void {
  program
    .command("health")
    .description("exit 0 when a listener answers (a container's HEALTHCHECK; scripts waiting for it), 1 otherwise")
    .argument("[url]", "the listener", "http://127.0.0.1:4242")
    .option("--timeout <ms>", "how long to wait for its answer", (v) => Number(v), 3000)
    .action(async (url: string, options: { timeout: number }) => {
      const { runHealth } = await import("../commands/health.js");
      await runHealth(url, options.timeout);
    });
}

export function registerCompletion(program: Command, wholeProgram: () => Command): void {
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
      const { runCompletion } = await import("../commands/completion.js");
      await runCompletion(shell, wholeProgram());
    });
}

export function registerMcp(program: Command): void {
  program
    .command("mcp")
    .description("serve wh-sim's tools to an agent over MCP on stdio (list, describe, trigger, scenario, run, listen, wait, verify, replay)")
    .option(
      "--mcp-files <folder>",
      "a folder the tools may read run and scenario files from, besides the working folder and wh-sim's home (repeatable)",
      collect,
    )
    .addHelpText("after", examples(['claude mcp add wh-sim -- npx wh-sim mcp     # or { "command": "wh-sim", "args": ["mcp"] } in an agent\'s config']))
    .action(async (options: { mcpFiles?: string[] }) => {
      const { runMcpStdio } = await import("../../mcp/stdio.js");
      await runMcpStdio(options.mcpFiles);
    });
}
