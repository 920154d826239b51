// Registration only: commander is the one import; each command's registration is in register/, and
// each action loads its command lazily.
import { Command } from "commander";
import { packageVersion } from "../lib/package-version.js";
import {
  registerDemo,
  registerCompletion,
  registerHealth,
  registerList,
  registerMcp,
  registerReset,
  registerSecret,
  registerSign,
  registerVerify,
} from "./register/offline.js";
import { registerListen, registerReplay } from "./register/receive.js";
import { registerExport, registerRun, registerScenario, registerTrigger } from "./register/send.js";

/** Where commander writes help and its own errors; tests capture them. */
export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

/** Every command, by name, with the function that registers it. */
const COMMANDS: Readonly<Record<string, (program: Command) => void>> = {
  trigger: registerTrigger,
  run: registerRun,
  scenario: registerScenario,
  listen: registerListen,
  replay: registerReplay,
  sign: registerSign,
  verify: registerVerify,
  demo: registerDemo,
  export: registerExport,
  list: registerList,
  secret: registerSecret,
  reset: registerReset,
  health: registerHealth,
  completion: (program) => registerCompletion(program, () => createProgram()),
  mcp: registerMcp,
};

/**
 * The program. Given the command line, a command named first is the only one registered: building
 * every command's options is a good part of a command's start-up, and only help, suggestions for a
 * mistyped command and completion need them all.
 */
export function createProgram(output?: ProgramOutput, argv?: readonly string[]): Command {
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

  const named = argv?.[2];
  const only = named !== undefined && Object.hasOwn(COMMANDS, named) ? COMMANDS[named] : undefined;
  for (const register of only ? [only] : Object.values(COMMANDS)) register(program);
  return program;
}
