import { z } from "zod";

/** The v1 Event envelope as Stripe delivers it. */
export const StripeEventSchema = z
  .object({
    id: z.string().regex(/^evt_[A-Za-z0-9]{14,}$/),
    object: z.literal("event"),
    account: z
      .string()
      .regex(/^acct_[A-Za-z0-9]+$/)
      .optional(),
    api_version: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/)
      .nullable(),
    context: z.string().optional(),
    created: z.number().int().positive(),
    data: z
      .object({
        object: z.object({ object: z.string().min(1) }).passthrough(),
        previous_attributes: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    livemode: z.boolean(),
    pending_webhooks: z.number().int().nonnegative(),
    request: z.object({ id: z.string().nullable(), idempotency_key: z.string().nullable() }).strict().nullable(),
    type: z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/),
  })
  .strict();
