import type { Command } from "commander";
import { UsageError } from "../../lib/errors.js";
import { availableProviders, loadProvider } from "../../providers/registry.js";

export const SHELLS = ["bash", "zsh", "fish"] as const;
type Shell = (typeof SHELLS)[number];

/** What a shell completes: the commands and their options (read from the parser itself), providers, and every event name. */
interface Vocabulary {
  commands: { name: string; options: string[] }[];
  globals: string[];
  providers: string[];
  events: Record<string, string[]>;
}

/** Commands whose first argument is a provider. */
const TAKES_PROVIDER = ["trigger", "list", "secret", "sign", "verify"];

/** `program`: the command line whose commands and options are completed (given, so this module needs not build it). */
export async function runCompletion(shell: string, program: Command): Promise<void> {
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw new UsageError(`no completion for "${shell}"`, `wh-sim completion ${SHELLS.join("|")}`);
  }
  console.log(script(shell as Shell, await vocabulary(program)));
}

async function vocabulary(program: Command): Promise<Vocabulary> {
  const longs = (command: Command) => command.options.filter((o) => !o.hidden && o.long).map((o) => o.long!);
  const providers = availableProviders();
  const loaded = await Promise.all(providers.map(loadProvider));
  return {
    commands: program.commands.map((c) => ({ name: c.name(), options: [...longs(c), "--help"] })),
    globals: [...longs(program), "--help", "--version"],
    providers,
    events: Object.fromEntries(loaded.map((p) => [p.id, p.events.flatMap((e) => [e.name, ...(e.variants ?? []).map((v) => `${e.name}@${v}`)])])),
  };
}

function script(shell: Shell, v: Vocabulary): string {
  return shell === "fish"
    ? fish(v)
    : shell === "zsh"
      ? `#compdef wh-sim\n# wh-sim completion for zsh, through its bash completion layer.\nautoload -U +X bashcompinit && bashcompinit\n${bash(v)}`
      : bash(v);
}

function bash(v: Vocabulary): string {
  const words = (list: readonly string[]) => list.join(" ");
  return `# wh-sim completion for bash: source <(wh-sim completion bash)
_wh_sim() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" command="\${COMP_WORDS[1]}" candidates=""
  if [[ $COMP_CWORD -eq 1 ]]; then
    candidates="${words([...v.commands.map((c) => c.name), ...v.globals])}"
  elif [[ "$cur" == -* ]]; then
    case "$command" in
${v.commands.map((c) => `      ${c.name}) candidates="${words(c.options)} ${words(v.globals)}" ;;`).join("\n")}
    esac
  elif [[ $COMP_CWORD -eq 2 && " ${words(TAKES_PROVIDER)} " == *" $command "* ]]; then
    candidates="${words(v.providers)}"
  elif [[ $COMP_CWORD -eq 3 && "$command" == trigger ]]; then
    case "\${COMP_WORDS[2]}" in
${Object.entries(v.events)
  .map(([id, events]) => `      ${id}) candidates="${words(events)}" ;;`)
  .join("\n")}
    esac
  fi
  # Event names hold ":" and "@": complete them whole.
  COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
}
complete -o default -F _wh_sim wh-sim`;
}

function fish(v: Vocabulary): string {
  const words = (list: readonly string[]) => list.join(" ");
  return [
    "# wh-sim completion for fish: wh-sim completion fish > ~/.config/fish/completions/wh-sim.fish",
    "function __wh_sim_arguments; commandline -opc; end",
    "function __wh_sim_at; set -l w (__wh_sim_arguments); test (count $w) -eq $argv[1]; and contains -- $w[2] $argv[2..-1]; end",
    "function __wh_sim_events_of; set -l w (__wh_sim_arguments); test (count $w) -eq 3; and test $w[2] = trigger; and test $w[3] = $argv[1]; end",
    "complete -c wh-sim -f",
    `complete -c wh-sim -n "test (count (__wh_sim_arguments)) -eq 1" -a "${words(v.commands.map((c) => c.name))}"`,
    `complete -c wh-sim -n "__wh_sim_at 2 ${words(TAKES_PROVIDER)}" -a "${words(v.providers)}"`,
    ...Object.entries(v.events).map(([id, events]) => `complete -c wh-sim -n "__wh_sim_events_of ${id}" -a "${words(events)}"`),
    ...v.commands.flatMap((c) => c.options.map((o) => `complete -c wh-sim -n "__fish_seen_subcommand_from ${c.name}" -l ${o.slice(2)}`)),
    ...v.globals.map((o) => `complete -c wh-sim -l ${o.slice(2)}`),
  ].join("\n");
}
