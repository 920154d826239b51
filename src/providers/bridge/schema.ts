import { z } from "zod";

/** `{content, timestamp, type}` with integer item/account ids and a UUID user (docs/providers.md, Bridge). */
export const BridgeEventSchema = z
  .object({
    content: z
      .object({
        item_id: z.number().int().positive().optional(),
        account_id: z.number().int().positive().optional(),
        user_uuid: z.string().uuid().optional(),
        status_code: z.number().int().optional(),
      })
      .passthrough(),
    timestamp: z.number().int().positive(),
    type: z.string().regex(/^(TEST_EVENT|[a-z]+(\.[a-z]+)+)$/),
  })
  .strict();
