import { spawn } from "node:child_process";
import { BIN } from "./cli.js";

export interface ListenLimits {
  /** `ulimit -f`: the largest file the listener may write, in KiB. */
  fileSizeKb?: number;
  /** `ulimit -n`: how many file descriptors it may hold. */
  openFiles?: number;
}

// A test that fails before it stops its listener must not leave it running (holding ports and
// thousands of sockets, and the machine's CPU, for the tests and measures that follow).
const running = new Set<ReturnType<typeof spawn>>();
process.once("exit", () => running.forEach((child) => child.kill("SIGKILL")));

/** Spawns `wh-sim listen … --port 0` (under shell limits, when given) and resolves once it says where it listens. */
export function startListenCli(args: string[], env: NodeJS.ProcessEnv = {}, limits: ListenLimits = {}) {
  const argv = [BIN, "listen", "--port", "0", ...args];
  const ulimits = [
    limits.fileSizeKb === undefined ? "" : `ulimit -f ${limits.fileSizeKb};`,
    limits.openFiles === undefined ? "" : `ulimit -n ${limits.openFiles};`,
  ].join(" ");
  const [command, commandArgs] = ulimits.trim() ? ["bash", ["-c", `${ulimits} exec "$@"`, "bash", process.execPath, ...argv]] : [process.execPath, argv];
  const child = spawn(command, commandArgs, {
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("close", () => running.delete(child));
  let stdout = "";
  let stderr = "";
  const lines = () => stdout.split("\n").slice(0, -1).filter(Boolean); // complete lines only
  const waiters: { done: () => boolean; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters])
      if (w.done()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  };
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
    check();
  });
  /** Resolves once `done()` holds for the output so far. */
  const waitUntil = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      waiters.push({ done, resolve });
      check();
    });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const ready = new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      check();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`listen exited ${code}: ${stderr}`)));
  });
  return {
    ready,
    exited,
    /** The listener's process id (its memory is read from /proc/<pid>/status). */
    pid: child.pid!,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    lines,
    /** Resolves when stdout holds at least `count` complete lines. */
    waitForLines: (count: number) => waitUntil(() => stdout.split("\n").length - 1 >= count),
    /** Resolves once stderr matches. */
    waitForStderr: (match: RegExp) => waitUntil(() => match.test(stderr)),
    /** Resolves with the first line that satisfies `match`, once it has arrived. */
    waitForLine: async (match: (line: string) => boolean) => {
      await waitUntil(() => lines().some(match));
      return lines().find(match)!;
    },
    stop: async (signal: NodeJS.Signals = "SIGINT") => {
      child.kill(signal);
      return exited;
    },
  };
}
