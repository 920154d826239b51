// What happens when stdout's reader goes away (`wh-sim listen | head -1`): the write fails with
// EPIPE. A command then stops its work quietly instead of dying with a stack trace.
const listeners: (() => void)[] = [];
let closed = false;

process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  if (closed) return;
  closed = true;
  for (const listener of listeners.splice(0)) listener();
});

/** Calls `listener` once, when nobody reads stdout any more. */
export function onStdoutClosed(listener: () => void): void {
  if (closed) listener();
  else listeners.push(listener);
}

export function isStdoutClosed(): boolean {
  return closed;
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
  console.log(text);
}
