// The module object, not its functions: the in-process tests read what is written to descriptor 1.
import fs from "node:fs";

// What happens when stdout's reader goes away (`wh-sim listen | head -1`): the write fails with
// EPIPE. A command then stops its work quietly instead of dying with a stack trace.
const listeners: (() => void)[] = [];
let closed = false;

function stdoutGone(): void {
  if (closed) return;
  closed = true;
  for (const listener of listeners.splice(0)) listener();
}

function onError(error: NodeJS.ErrnoException): void {
  if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  stdoutGone();
}

// process.stdout is a stream Node makes on its first use, loading its streams (and for a pipe its
// net module): a few milliseconds of a command's start-up. Lines go straight to the descriptor
// instead (`writeOut`), and the EPIPE watcher goes on the stream when something does make it.
let stream: NodeJS.WriteStream | undefined;
const made = Object.getOwnPropertyDescriptor(process, "stdout");
const watch = (made: NodeJS.WriteStream) => {
  stream = made;
  made.on("error", onError);
  return made;
};
if (made?.get && made.configurable) {
  const make = made.get;
  Object.defineProperty(process, "stdout", { configurable: true, enumerable: made.enumerable ?? true, get: () => stream ?? watch(make.call(process)) });
} else watch(process.stdout);

/** Calls `listener` once, when nobody reads stdout any more. */
export function onStdoutClosed(listener: () => void): void {
  if (closed) listener();
  else listeners.push(listener);
}

export function isStdoutClosed(): boolean {
  return closed;
}

let notTerminal: boolean | undefined;
/**
 * Whether stdout is a terminal, known without making process.stdout when it plainly is not: a
 * pipe, a file, /dev/null. (A character device that is not /dev/null is asked the usual way.)
 */
export function stdoutIsTerminal(): boolean {
  if (stream) return Boolean(stream.isTTY);
  notTerminal ??= plainlyNotTerminal();
  return !notTerminal && Boolean(process.stdout.isTTY);
}

function plainlyNotTerminal(): boolean {
  try {
    const out = fs.fstatSync(1);
    if (!out.isCharacterDevice()) return true;
    const devNull = fs.statSync("/dev/null");
    return out.dev === devNull.dev && out.ino === devNull.ino;
  } catch {
    return false;
  }
}

let direct: boolean | undefined;
/**
 * Writes to stdout: straight to the descriptor unless it is a terminal (which gets the stream). A
 * command writes its lines through here or through the console, not both. A pipe that cannot take
 * them at once (EAGAIN) hands the rest, and all that follows, to the stream; a reader gone (EPIPE)
 * ends the output quietly.
 */
export function writeOut(text: string): void {
  if (closed) return;
  direct ??= !stdoutIsTerminal();
  if (!direct) return void process.stdout.write(text);
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += fs.writeSync(1, bytes, written);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EPIPE" || code === "EBADF") return stdoutGone();
    if (code !== "EAGAIN") throw error;
    direct = false;
    process.stdout.write(bytes.subarray(written));
  }
}

// Report lines, batched: a bulk run prints thousands a second, and one write per line costs more
// than the delivery it reports. Lines go out at the next turn of the event loop (or every 256),
// and a command flushes before it prints its summary or ends.
let pending: string[] = [];
let scheduled = false;

export function printLine(line: string): void {
  if (closed) return;
  pending.push(line);
  if (pending.length >= 256) flushLines();
  else if (!scheduled) {
    scheduled = true;
    setImmediate(flushLines);
  }
}

export function flushLines(): void {
  scheduled = false;
  if (pending.length === 0 || closed) return;
  const text = pending.join("\n");
  pending = [];
  writeOut(`${text}\n`);
}
