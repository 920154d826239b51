import type { HeaderMap } from "../providers/types.js";

// What a delivery got back: shared by deliver.ts and the raw sender it uses (wire-sender.ts).

/** The receiver's answer to one delivery. */
export interface DeliveryResult {
  readonly status: number;
  readonly headers: HeaderMap;
  /** The start of the answer's body (at most RESPONSE_PREFIX_BYTES), for display. */
  readonly body: string;
  /** The body went on past what was kept. */
  readonly truncated: boolean;
  readonly durationMs: number;
}
