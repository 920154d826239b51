import type { RecordedRequest } from "../../recording/format.js";
import { toRecordedRequest } from "../../recording/format.js";
import type { ReceivedRequest } from "../server.js";

/** One request as the inspector keeps it: the recording's fields, plus what only the listener saw. */
export interface InspectedRequest {
  /** 1, 2, 3…: the order of arrival, and the Server-Sent Events id. */
  readonly seq: number;
  readonly record: RecordedRequest;
  readonly durationMs?: number;
  readonly size: number;
  readonly forwarded?: ReceivedRequest["forwarded"];
  /** The verdict's reason and hint, when invalid. */
  readonly verdict: { status: string; reason?: string; message?: string; hint?: string; detail?: string };
}

/** The row the list shows. */
export function summaryOf(r: InspectedRequest) {
  const { record } = r;
  return {
    seq: r.seq,
    time: record.time,
    method: record.method,
    path: record.path,
    provider: record.provider ?? null,
    event: record.event ?? null,
    id: record.id ?? null,
    verdict: r.verdict,
    status: record.response_status,
    size: r.size,
    forwarded: r.forwarded ?? null,
    note: record.note ?? null,
    kind: record.kind === "api" ? "api" : "webhook",
    api: record.api ?? null,
  };
}

/**
 * The requests the inspector shows, newest kept: at most `capacity` in memory (a long session
 * drops the oldest; the --record file keeps them all). Subscribers hear of each new one.
 */
export class InspectorStore {
  private readonly entries: InspectedRequest[] = [];
  private readonly subscribers = new Set<(r: InspectedRequest) => void>();
  private next = 1;

  constructor(private readonly capacity = 10_000) {}

  /** A request the listener answered; `record` is its recording, when the caller already made it. */
  add(request: ReceivedRequest, record: RecordedRequest = toRecordedRequest(request)): InspectedRequest {
    const verdict = request.inspection?.verdict ?? { status: "unchecked" as const, message: "no known signature header" };
    return this.push({
      seq: this.next++,
      record,
      durationMs: request.durationMs,
      size: request.size,
      ...(request.forwarded ? { forwarded: request.forwarded } : {}),
      verdict,
    });
  }

  /** A request read back from a recording (a reopened session). */
  addRecorded(record: RecordedRequest): InspectedRequest {
    return this.push({ seq: this.next++, record, size: Buffer.from(record.body, "base64").length, verdict: record.verdict });
  }

  private push(entry: InspectedRequest): InspectedRequest {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.shift();
    for (const notify of this.subscribers) notify(entry);
    return entry;
  }

  get(seq: number): InspectedRequest | undefined {
    return this.entries.find((e) => e.seq === seq);
  }

  /** Everything after `seq` (0: all), oldest first. */
  since(seq: number): InspectedRequest[] {
    return this.entries.filter((e) => e.seq > seq);
  }

  subscribe(notify: (r: InspectedRequest) => void): () => void {
    this.subscribers.add(notify);
    return () => this.subscribers.delete(notify);
  }
}
