import { WhSimError } from "../lib/errors.js";
import { deliver, type DeliveryRequest } from "../http/deliver.js";
import type { DeliveryReport } from "./format-delivery.js";
import { statusMatches } from "./options.js";

/** One delivery as a report: a network failure is a failed report (with its hint), not an exception. */
export async function attempt(report: DeliveryReport, request: DeliveryRequest): Promise<DeliveryReport> {
  try {
    const result = await deliver(request);
    return { ...report, ok: statusMatches(report.expect, result.status), status: result.status, durationMs: result.durationMs, responseBody: result.body };
  } catch (error) {
    if (!(error instanceof WhSimError) || error.exitCode !== 1) throw error;
    return { ...report, ok: false, error: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  }
}

/** The exit-1 error for a run with failed deliveries, naming the first failure; undefined when all passed. */
export function failureOf(reports: readonly DeliveryReport[], verb = "deliveries"): WhSimError | undefined {
  const failed = reports.filter((r) => !r.ok);
  const first = failed[0];
  if (!first) return undefined;
  const why = first.error ?? `expected ${first.expect}, got ${first.status}`;
  return new WhSimError(reports.length > 1 ? `${failed.length} of ${reports.length} ${verb} failed (first: ${why})` : why, 1, first.hint);
}
