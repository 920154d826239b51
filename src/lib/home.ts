import { homedir } from "node:os";
import { join } from "node:path";

/** `$WH_SIM_HOME`, else `~/.wh-sim`: where wh-sim keeps its keys and the provider APIs' state. */
export function whSimHome(): string {
  return process.env.WH_SIM_HOME || join(homedir(), ".wh-sim");
}
