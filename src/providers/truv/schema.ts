import { z } from "zod";

const hex32 = z.string().regex(/^[0-9a-f]{32}$/);

/** The fields every Truv webhook carries (docs/providers.md, Truv), in Truv's id and time formats. */
export const TruvEventSchema = z
  .object({
    webhook_id: hex32,
    event_type: z.string().regex(/^[a-z]+(-[a-z]+)+$/),
    event_created_at: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
    updated_at: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/),
    user_id: hex32.nullable(),
    template_id: hex32.nullable(),
    link_id: hex32.nullable().optional(),
    task_id: hex32.optional(),
    order_id: hex32.optional(),
    product: z.enum(["income", "employment", "assets", "admin"]).optional(),
    data_source: z.enum(["payroll", "docs", "insurance", "financial_accounts", "tax"]).nullable().optional(),
    status: z.string().optional(),
  })
  .passthrough();
