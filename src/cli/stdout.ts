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
