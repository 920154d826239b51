import { spawn } from "node:child_process";
import { BIN } from "./cli.js";

/**
 * Runs wh-sim in a pseudo-terminal (util-linux `script`), so that it sees a TTY on stdin and
 * stdout: what a person at a terminal sees, keystrokes included. Without CI set: colour
 * detection treats a CI run as colourless whatever its terminal.
 */
export function startPty(args: string[], env: NodeJS.ProcessEnv = {}) {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    env: withoutUnset({
      ...process.env,
      TERM: "xterm-256color",
      COLUMNS: "100",
      LINES: "40",
      NO_COLOR: undefined,
      FORCE_COLOR: undefined,
      CI: undefined,
      ...env,
    }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  const waiters: { match: RegExp; after: string; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (!w.match.test(w.after ? output.slice(output.lastIndexOf(w.after)) : output)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    output += d;
    check();
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return {
    exited,
    get output() {
      return output;
    },
    /** Resolves once the screen output so far matches (past the last `after`, when given: e.g. what was just typed). */
    waitFor: (match: RegExp, after = "") =>
      new Promise<void>((resolve) => {
        waiters.push({ match, after, resolve });
        check();
      }),
    /** Types, as a person would (`\r` is Enter, `\x03` is Ctrl-C, `\x1b[B` the down arrow). */
    type: (keys: string) => child.stdin.write(keys),
  };
}

const ESC = "\u001b";

/** SGR sequences: the ones that colour text (cursor movement is not colour). */
export const COLOUR = new RegExp(`${ESC}\\[[0-9;]*m`);

/** Sequences that erase or move over what was printed (a prompt clearing itself). */
export const ERASE = new RegExp(`${ESC}\\[(2K|1A|G|0J)`);

/** An environment with the variables set to undefined left out (so a test can unset NO_COLOR). */
export function withoutUnset(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
}
