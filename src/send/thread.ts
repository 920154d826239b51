// A helper thread of a bulk run (see threads.ts): plans the request as the main thread did, sends
// its share, and reports back.
import { parentPort, workerData } from "node:worker_threads";
import { WhSimError } from "../lib/errors.js";
import { planSend } from "./plan.js";
import type { DeliveryReport } from "./report.js";
import { sendShare } from "./run.js";
import type { ThreadData, ThreadMessage } from "./threads.js";

const port = parentPort!;
const { request, share } = workerData as ThreadData;
const post = (message: ThreadMessage) => port.postMessage(message);

const stop = new AbortController();
port.on("message", (message) => message === "stop" && stop.abort());
// The listener above must not keep this thread alive once its work is done.
port.unref();

// Reports go to the main thread in batches, one message per turn of the event loop.
let batch: DeliveryReport[] = [];
const flush = () => {
  if (batch.length > 0) post({ kind: "shown", reports: batch });
  batch = [];
};
const onReport = (report: DeliveryReport) => {
  if (batch.push(report) === 1) setImmediate(flush);
};

try {
  const { tally } = await sendShare(await planSend(request), share, { onReport, signal: stop.signal });
  flush();
  post({ kind: "done", tally: tally.snapshot() });
} catch (error) {
  flush();
  // A usage or delivery error keeps its exit code and hint; anything else is a bug, shown as one.
  const known = error instanceof WhSimError;
  post({
    kind: "failed",
    error: known
      ? { message: error.message, exitCode: error.exitCode, ...(error.hint ? { hint: error.hint } : {}) }
      : { message: (error as Error).stack ?? String(error) },
  });
}
