import { z } from "zod";

/**
 * One recorded request per line (NDJSON), format version 1:
 *   {"v":1,"time":"<ISO 8601>","method":"POST","path":"/webhook?x=1",
 *    "headers":[["Stripe-Signature","t=…"],…],   // raw names and order, as received
 *    "body":"<base64 of the exact bytes>",
 *    "provider":"stripe","event":"customer.created","id":"evt_…",
 *    "verdict":{"status":"valid"|"invalid"|"unchecked",…},"response_status":200}
 * `wh-sim replay` reads it; unknown fields are kept for forward compatibility.
 */
export const RECORDING_VERSION = 1;

export const RecordedRequestSchema = z
  .object({
    v: z.literal(RECORDING_VERSION),
    time: z.string(),
    method: z.string(),
    path: z.string(),
    headers: z.array(z.tuple([z.string(), z.string()])),
    body: z.string(),
    provider: z.string().optional(),
    event: z.string().optional(),
    id: z.string().optional(),
    verdict: z.object({ status: z.enum(["valid", "invalid", "unchecked"]) }).passthrough(),
    response_status: z.number().int().optional(),
  })
  .passthrough();

export type RecordedRequest = z.infer<typeof RecordedRequestSchema>;

export function parseRecording(text: string, file: string): RecordedRequest[] {
  return text
    .split("\n")
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim() !== "")
    .map(({ line, n }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${n}: not a JSON line`);
      }
      const parsed = RecordedRequestSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new Error(`${file}:${n}: ${issue.path.join(".") || "line"}: ${issue.message} (recording format v${RECORDING_VERSION})`);
      }
      return parsed.data;
    });
}

/** The line `--record` writes for a request the listener received. */
export function toRecordedRequest(r: {
  time: Date; method: string; path: string; headers: [string, string][]; body: Buffer; status: number; note?: string;
  inspection?: { provider?: string; event?: string; id?: string; verdict: { status: "valid" | "invalid" | "unchecked" } };
}): RecordedRequest {
  const i = r.inspection;
  return {
    v: RECORDING_VERSION,
    time: r.time.toISOString(),
    method: r.method,
    path: r.path,
    headers: r.headers,
    body: r.body.toString("base64"),
    ...(i?.provider ? { provider: i.provider } : {}),
    ...(i?.event ? { event: i.event } : {}),
    ...(i?.id ? { id: i.id } : {}),
    verdict: i?.verdict ?? { status: "unchecked" },
    response_status: r.status,
    ...(r.note ? { note: r.note } : {}),
  };
}
