import { z } from "zod";

/** The payload shape the Standard Webhooks spec recommends: `{type, timestamp, data}`. */
export const StandardEventSchema = z
  .object({
    type: z.string().min(1),
    timestamp: z.string().datetime({ precision: 6 }),
    data: z.record(z.string(), z.unknown()),
  })
  .strict();
