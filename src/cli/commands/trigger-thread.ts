// A helper thread of a bulk `wh-sim trigger` (see trigger-threads.ts): plans the run as the main
// thread did, sends its share, and reports back.
import { parentPort, workerData } from "node:worker_threads";
import { WhSimError } from "../../lib/errors.js";
import type { DeliveryReport } from "../format-delivery.js";
import { planRun, sendShare } from "./trigger.js";
import type { ThreadData, ThreadMessage } from "./trigger-threads.js";

const port = parentPort!;
const { provider, event, options, read, share } = workerData as ThreadData;
const post = (message: ThreadMessage) => port.postMessage(message);

let stopped = false;
port.on("message", (message) => (stopped ||= message === "stop"));
// The listener above must not keep this thread alive once its work is done.
port.unref();

// Reports go to the main thread in batches, one message per turn of the event loop.
let batch: DeliveryReport[] = [];
const flush = () => {
  if (batch.length > 0) post({ kind: "shown", reports: batch });
  batch = [];
};
const show = (report: DeliveryReport) => {
  if (batch.push(report) === 1) setImmediate(flush);
};

try {
  const plan = await planRun(provider, event, options, read);
  const tally = await sendShare(plan, options, share, show, () => stopped);
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
