import { isoTime } from "../lib/clock.js";
import { redactBody, redactHeaders } from "./redact.js";

/**
 * One recorded request per line (NDJSON), format version 1:
 *   {"v":1,"time":"<ISO 8601>","method":"POST","path":"/webhook?x=1",
 *    "headers":[["Stripe-Signature","t=…"],…],   // raw names and order, as received
 *    "body":"<base64 of the exact bytes>",
 *    "provider":"stripe","event":"customer.created","id":"evt_…",
 *    "verdict":{"status":"valid"|"invalid"|"unchecked",…},"response_status":200}
 * A call to a provider's API that `listen` answered also has "kind":"api" and
 * "api":{"provider","endpoint","subject"?,"error"?}; `wh-sim replay` skips it.
 * `wh-sim replay` reads it; unknown fields are kept for forward compatibility.
 */
export const RECORDING_VERSION = 1;

/** One line of a recording; fields a later version adds are kept when read. */
export interface RecordedRequest {
  v: typeof RECORDING_VERSION;
  time: string;
  method: string;
  path: string;
  headers: [string, string][];
  /** base64 of the exact bytes received. */
  body: string;
  provider?: string;
  event?: string;
  id?: string;
  verdict: { status: "valid" | "invalid" | "unchecked"; [key: string]: unknown };
  /** The status the listener answered with; null when no answer reached the sender. */
  response_status?: number | null;
  [key: string]: unknown;
}

/** The line `--record` writes for a request the listener received. */
export function toRecordedRequest(
  r: {
    time: Date;
    method: string;
    path: string;
    headers: [string, string][];
    body: Buffer;
    status: number | null;
    note?: string;
    inspection?: { provider?: string; event?: string; id?: string; verdict: { status: "valid" | "invalid" | "unchecked" } };
    api?: { provider: string; endpoint: string; subject?: string; error?: string };
  },
  { keepCredentials = false } = {},
): RecordedRequest {
  const i = r.inspection;
  // Field by field, not spread: the listener records every request. Credentials redacted (redact.ts):
  // a webhook's body stays byte for byte (it replays), an API call's has its secret fields replaced.
  const line = {
    v: RECORDING_VERSION,
    time: isoTime(r.time),
    method: r.method,
    path: r.path,
    headers: keepCredentials ? r.headers : redactHeaders(r.headers),
    body: (keepCredentials || !r.api ? r.body : redactBody(r.body)).toString("base64"),
  } as RecordedRequest;
  // A call to a provider's API is kept as one (`wh-sim replay` leaves it), never as a webhook.
  if (r.api) {
    line.kind = "api";
    line.api = r.api;
    if (r.api.provider) line.provider = r.api.provider;
  }
  if (i?.provider) line.provider = i.provider;
  if (i?.event) line.event = i.event;
  if (i?.id) line.id = i.id;
  line.verdict = i?.verdict ?? { status: "unchecked" };
  line.response_status = r.status;
  if (r.note) line.note = r.note;
  return line;
}

/**
 * A recording's line, exactly as `JSON.stringify` writes it, with the body's base64 spliced in
 * rather than scanned: base64 (what `body` always holds) needs no escaping, and scanning it was most
 * of a line's cost. The first `body":""` is the key's: inside a JSON string every quote is escaped,
 * and no key before it ends in `body`.
 */
export function recordLine(record: RecordedRequest): string {
  const body = record.body;
  record.body = "";
  const json = JSON.stringify(record);
  record.body = body;
  // Looked for from its `b`, rarer in a line than the `,` and `"` every header brings.
  const at = json.indexOf(EMPTY_BODY);
  return `${json.slice(0, at - 2)},"body":"${body}"${json.slice(at + EMPTY_BODY.length)}`;
}

const EMPTY_BODY = 'body":""';
