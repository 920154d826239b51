import { createProgram } from "../program.js";
import { chooseStart } from "../prompts.js";

/** `wh-sim` alone on a terminal: the picker, the demo or the help. */
export async function runHome(): Promise<void> {
  const choice = await chooseStart();
  const program = createProgram();
  if (choice === "help") return void program.outputHelp();
  await program.parseAsync([choice], { from: "user" });
}
