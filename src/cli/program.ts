// Registration only: commander is the one import; each command's registration is in register/, and
// each action loads its command lazily.
import { Command } from "commander";
import { packageVersion } from "../lib/package-version.js";
import { registerDemo, registerCompletion, registerList, registerMcp, registerSecret, registerSign, registerVerify } from "./register/offline.js";
import { registerListen, registerReplay } from "./register/receive.js";
import { registerExport, registerRun, registerScenario, registerTrigger } from "./register/send.js";

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

  registerTrigger(program);
  registerRun(program);
  registerScenario(program);
  registerListen(program);
  registerReplay(program);
  registerSign(program);
  registerVerify(program);
  registerDemo(program);
  registerExport(program);
  registerList(program);
  registerSecret(program);
  registerCompletion(program);
  registerMcp(program);
  return program;
}
