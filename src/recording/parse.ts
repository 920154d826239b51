import { z } from "zod";
import { UsageError } from "../lib/errors.js";
import { parseOwnFormat } from "../lib/json.js";
import { RECORDING_VERSION, type RecordedRequest } from "./format.js";

/** Read only by `replay` (and tests): zod loads only there. */
export const RecordedRequestSchema = z
  .object({
    v: z.literal(RECORDING_VERSION),
    time: z.string(),
    // RFC 9110's token: a recorded method is pasted into commands (copy as curl), so nothing else passes.
    // ("?": a request the listener could not parse far enough to know its method.)
    method: z.string().regex(/^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+|\?)$/, "not an HTTP method (RFC 9110: letters, digits and !#$%&'*+.^_`|~-)"),
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

const HINT = "a recording is what wh-sim listen --record writes, one JSON object per line (docs/recording-format.md); fix or remove that line";

/** A recording file's lines, each checked; a bad one is a usage error naming the file, line and field. */
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
        throw new UsageError(`${file}:${n}: not a recording line (${(error as Error).message})`, HINT);
      }
      const parsed = RecordedRequestSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new UsageError(`${file}:${n}: ${issue.path.join(".") || "line"}: ${issue.message} (recording format v${RECORDING_VERSION})`, HINT);
      }
      return parsed.data as RecordedRequest;
    });
}
