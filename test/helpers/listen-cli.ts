import { spawn } from "node:child_process";
import { BIN } from "./cli.js";

/** Spawns `wh-sim listen … --port 0` and resolves once it says where it listens. */
export function startListenCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, "listen", "--port", "0", ...args], {
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const lineWaiters: { count: number; resolve: () => void }[] = [];
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
    const lines = stdout.split("\n").length - 1;
    for (const w of [...lineWaiters]) if (lines >= w.count) { lineWaiters.splice(lineWaiters.indexOf(w), 1); w.resolve(); }
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const ready = new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`listen exited ${code}: ${stderr}`)));
  });
  return {
    ready,
    exited,
    get stdout() { return stdout; },
    get stderr() { return stderr; },
    lines: () => stdout.split("\n").filter(Boolean),
    /** Resolves when stdout holds at least `count` lines. */
    waitForLines: (count: number) => new Promise<void>((resolve) => {
      if (stdout.split("\n").length - 1 >= count) resolve();
      else lineWaiters.push({ count, resolve });
    }),
    stop: async (signal: NodeJS.Signals = "SIGINT") => { child.kill(signal); return exited; },
  };
}
