import { Worker } from "node:worker_threads";
import { WhSimError } from "../lib/errors.js";
import type { TallySnapshot } from "./attempt.js";
import type { ThreadShare } from "./pace.js";
import type { SendRequest } from "./plan.js";
import type { DeliveryReport } from "./report.js";

/** What a helper thread is given: the request (plain data: files and stdin already read) and its share. */
export interface ThreadData {
  readonly request: SendRequest;
  readonly share: ThreadShare;
}

/** What a helper thread says: reports to show as they come, then its tally, or why it could not go on. */
export type ThreadMessage =
  | { readonly kind: "shown"; readonly reports: DeliveryReport[] }
  | { readonly kind: "done"; readonly tally: TallySnapshot }
  | { readonly kind: "failed"; readonly error: { readonly message: string; readonly hint?: string; readonly exitCode?: 1 | 2 } };

/**
 * Starts threads 1…of-1 of a bulk run (the caller's is thread 0): each plans the same request and
 * sends its share of the events. `done` resolves with their tallies; `stop` asks them to start
 * nothing more.
 */
export function startThreads(
  request: SendRequest,
  share: ThreadShare,
  onReport: (report: DeliveryReport) => void,
): { done: Promise<TallySnapshot[]>; stop(): void } {
  const workers = Array.from({ length: share.of - 1 }, (_, k) => {
    const workerData: ThreadData = { request, share: { ...share, index: k + 1 } };
    return new Worker(new URL("./thread.js", import.meta.url), { workerData });
  });
  const finished = workers.map(
    (worker) =>
      new Promise<TallySnapshot>((resolve, reject) => {
        worker.on("message", (message: ThreadMessage) => {
          if (message.kind === "shown") for (const report of message.reports) onReport(report);
          else if (message.kind === "done") resolve(message.tally);
          else {
            const { message: text, exitCode, hint } = message.error;
            reject(exitCode ? new WhSimError(text, exitCode, hint) : new Error(text));
          }
        });
        worker.on("error", reject);
        worker.on("exit", (code) => reject(new Error(`a sending thread stopped (exit code ${code}) before it reported`)));
      }),
  );
  const done = Promise.all(finished).finally(() => workers.forEach((worker) => void worker.terminate()));
  // Awaited only once this thread's own share is sent: until then a helper's failure must not count
  // as an unhandled rejection (which would end the process before the error is reported).
  done.catch(() => undefined);
  return { done, stop: () => workers.forEach((worker) => worker.postMessage("stop")) };
}
