import type { RecordedRequest } from "../../recording/format.js";
import { toRecordedRequest } from "../../recording/format.js";
import type { ReceivedRequest } from "../types.js";
import { BoundedLog, DEFAULT_MEMORY_BYTES } from "../../lib/bounded-log.js";

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
  private readonly log: BoundedLog<InspectedRequest>;
  private readonly subscribers = new Set<(r: InspectedRequest) => void>();
  private next = 1;

  /** At most `capacity` requests, and about `memoryBytes` of them (their bodies as kept, base64, and headers). */
  constructor(memoryBytes = DEFAULT_MEMORY_BYTES, capacity = 10_000) {
    this.log = new BoundedLog(memoryBytes, capacity);
  }

  private get entries(): InspectedRequest[] {
    return this.log.items;
  }

  /** How many of the oldest were dropped to stay within the memory budget (or the count). */
  get dropped(): number {
    return this.log.dropped;
  }

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

  /** Forgets every request (a reset between tests); numbering goes on, so a page's later requests stay new. */
  clear(): void {
    this.log.clear();
  }

  /** A request read back from a recording (a reopened session). */
  addRecorded(record: RecordedRequest): InspectedRequest {
    return this.push({ seq: this.next++, record, size: Buffer.from(record.body, "base64").length, verdict: record.verdict });
  }

  private push(entry: InspectedRequest): InspectedRequest {
    const { record } = entry;
    this.log.push(entry, record.body.length + record.headers.reduce((n, [k, v]) => n + k.length + v.length, 0) + 512);
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
