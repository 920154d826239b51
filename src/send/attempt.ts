import type { DeliveryRequest, Sender } from "../http/deliver.js";
import { DeliveryError, WhSimError } from "../lib/errors.js";
import type { DeliveryReport } from "./report.js";
import { statusMatches } from "./report.js";

/** One delivery as a report: a network failure is a failed report (with its hint), not an exception. */
export async function attempt(report: DeliveryReport, sender: Sender, request: Omit<DeliveryRequest, "timeoutMs">): Promise<DeliveryReport> {
  try {
    const result = await sender.send(request);
    return {
      ...report,
      ok: statusMatches(report.expect, result.status),
      status: result.status,
      durationMs: result.durationMs,
      responseBody: result.body,
      responseHeaders: result.headers,
      ...(result.truncated ? { responseTruncated: true } : {}),
    };
  } catch (error) {
    if (!(error instanceof WhSimError) || error.exitCode !== 1) throw error;
    return { ...report, ok: false, error: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  }
}

/** A tally as plain data, to cross from one thread to another. */
export interface TallySnapshot {
  readonly total: number;
  readonly met: number;
  readonly firstFailure: DeliveryReport | undefined;
  readonly statuses: ReadonlyMap<string, number>;
  readonly latencies: ReadonlyMap<number, number>;
  readonly timed: number;
}

/**
 * What a run of deliveries came to, in constant memory however many there are: counts, a
 * latency histogram (1 ms buckets) and the first failure.
 */
export class Tally {
  total = 0;
  met = 0;
  firstFailure: DeliveryReport | undefined;
  /** How many final answers had each status ("no answer" when there was none). */
  readonly statuses = new Map<string, number>();
  private readonly latencies = new Map<number, number>();
  private timed = 0;

  add(report: DeliveryReport): void {
    this.total++;
    if (report.ok) this.met++;
    else this.firstFailure ??= report;
    const status = report.status === undefined ? "no answer" : String(report.status);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (report.durationMs !== undefined) {
      this.timed++;
      this.latencies.set(report.durationMs, (this.latencies.get(report.durationMs) ?? 0) + 1);
    }
  }

  /** What this tally holds, as plain data that can cross to another thread. */
  snapshot(): TallySnapshot {
    const { total, met, firstFailure, statuses, latencies, timed } = this;
    return { total, met, firstFailure, statuses: new Map(statuses), latencies: new Map(latencies), timed };
  }

  /** Adds what another thread tallied. */
  merge(other: TallySnapshot): void {
    this.total += other.total;
    this.met += other.met;
    this.firstFailure ??= other.firstFailure;
    for (const [status, n] of other.statuses) this.statuses.set(status, (this.statuses.get(status) ?? 0) + n);
    for (const [ms, n] of other.latencies) this.latencies.set(ms, (this.latencies.get(ms) ?? 0) + n);
    this.timed += other.timed;
  }

  /** The latency at or below which p % of the timed deliveries fell, in ms. */
  percentile(p: number): number | undefined {
    if (this.timed === 0) return undefined;
    const rank = Math.min(this.timed, Math.max(1, Math.ceil((p / 100) * this.timed)));
    let seen = 0;
    for (const ms of [...this.latencies.keys()].sort((a, b) => a - b)) {
      seen += this.latencies.get(ms)!;
      if (seen >= rank) return ms;
    }
    return undefined;
  }

  /** The exit-1 error for a run with failed deliveries, naming the first failure; undefined when all passed. */
  failure(verb = "deliveries"): DeliveryError | undefined {
    const first = this.firstFailure;
    if (!first) return undefined;
    const why = first.error ?? `expected ${first.expect}, got ${first.status}`;
    return new DeliveryError(this.total > 1 ? `${this.total - this.met} of ${this.total} ${verb} failed (first: ${why})` : why, first.hint);
  }
}
