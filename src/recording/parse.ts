import { z } from "zod";
import { parseOwnFormat } from "../lib/json.js";
import { RECORDING_VERSION, type RecordedRequest } from "./format.js";

/** Read only by `replay` (and tests): zod loads only there. */
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
    response_status: z.number().int().nullable().optional(),
  })
  .passthrough();

/** A recording file's lines, each checked; an error names the file, line and field. */
export function parseRecording(text: string, file: string): RecordedRequest[] {
  return text
    .split("\n")
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim() !== "")
    .map(({ line, n }) => {
      let raw: unknown;
      try {
        raw = parseOwnFormat(line);
      } catch (error) {
        throw new Error(`${file}:${n}: not a recording line (${(error as Error).message})`);
      }
      const parsed = RecordedRequestSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new Error(`${file}:${n}: ${issue.path.join(".") || "line"}: ${issue.message} (recording format v${RECORDING_VERSION})`);
      }
      return parsed.data as RecordedRequest;
    });
}
