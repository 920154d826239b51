import type { HeaderMap } from "../providers/types.js";

/** One delivery, as it went: what was sent, what came back, and what was done to it on purpose. */
export interface DeliveryReport {
  provider: string;
  event: string;
  id?: string | undefined;
  url: string;
  expect: string;
  ok?: boolean;
  status?: number;
  durationMs?: number;
  responseBody?: string;
  /** The answer went on past what was kept. */
  responseTruncated?: boolean;
  /** The answer's headers (a redirect's location, Svix's abort header); not printed. */
  responseHeaders?: HeaderMap;
  /** What was done to it on purpose: `stale 6 min`, `tampered`, `duplicate ×3`… */
  chaos?: readonly string[];
  /** Which copy of a duplicated message: `2/3`. */
  duplicate?: string | undefined;
  /** With --retry: which attempt, and how long after the one before. */
  attempt?: number | undefined;
  retryAfter?: string;
  /** In a scenario: which step, `3/8`. */
  step?: string;
  /** In a scenario sent many times (`--count`): which run, from 1. */
  run?: number;
  /** Something the user should know about this delivery (e.g. a replay that is stale). */
  note?: string;
  /** Which of an event's targets this was (`endpoint we_…`, `--forward-to`), when it went to several. */
  target?: string;
  error?: string;
  hint?: string;
}

/** A report as `trigger --json` prints it and the control plane answers it: the app's answer only when refused. */
export function reportJson(report: DeliveryReport): Record<string, unknown> {
  const { responseBody, responseTruncated, responseHeaders: _headers, retryAfter, ...rest } = report;
  return {
    ...rest,
    ...(retryAfter ? { retry_after: retryAfter } : {}),
    ...(report.ok ? {} : { response_body: responseBody, ...(responseTruncated ? { response_truncated: true } : {}) }),
  };
}

/** `200`, `2xx`, `200,202` (as `--expect` takes it) against a status. */
export function statusMatches(expect: string, status: number): boolean {
  return expect.split(",").some((p) => (p.endsWith("xx") ? Math.floor(status / 100) === Number(p[0]) : status === Number(p)));
}
