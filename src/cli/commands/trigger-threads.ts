import { Worker } from "node:worker_threads";
import { WhSimError } from "../../lib/errors.js";
import type { TallySnapshot } from "../../send/attempt.js";
import type { ThreadShare } from "../../send/pace.js";
import type { DeliveryReport } from "../format-delivery.js";
import type { ReadInputs, TriggerOptions } from "./trigger.js";

/** What a helper thread is given: the run as the command line said it, and its share. */
export interface ThreadData {
  readonly provider: string;
  readonly event: string;
  readonly options: Omit<TriggerOptions, "onReport">;
  /** --payload and --data as the main thread read them. */
  readonly read: ReadInputs;
  readonly share: ThreadShare;
}

/** What a helper thread says: reports to show as they come, then its tally, or why it could not go on. */
export type ThreadMessage =
  | { readonly kind: "shown"; readonly reports: DeliveryReport[] }
  | { readonly kind: "done"; readonly tally: TallySnapshot }
  | { readonly kind: "failed"; readonly error: { readonly message: string; readonly hint?: string; readonly exitCode?: 1 | 2 } };

/**
 * Starts threads 1…threads-1 of a bulk run (this one is thread 0): each plans the same run from
 * the same options, and sends its share of the events. `done` resolves with their tallies; `stop`
 * asks them to start nothing more.
 */
export function startThreads(run: {
  provider: string;
  event: string;
  url: string;
  opts: TriggerOptions;
  read: ReadInputs;
  /** The run's share: its schedule, its event counter (shared memory) and how many threads. */
  share: ThreadShare;
  onReport: (report: DeliveryReport) => void;
}): { done: Promise<TallySnapshot[]>; stop(): void } {
  const { onReport: _local, ...options } = run.opts;
  const workers = Array.from({ length: run.share.of - 1 }, (_, k) => {
    const workerData: ThreadData = {
      provider: run.provider,
      event: run.event,
      options: { ...options, url: run.url },
      read: run.read,
      share: { ...run.share, index: k + 1 },
    };
    return new Worker(new URL("./trigger-thread.js", import.meta.url), { workerData });
  });
  const finished = workers.map(
    (worker) =>
      new Promise<TallySnapshot>((resolve, reject) => {
        worker.on("message", (message: ThreadMessage) => {
          if (message.kind === "shown") for (const report of message.reports) run.onReport(report);
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
