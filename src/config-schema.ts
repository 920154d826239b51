import { z } from "zod";
import { PROVIDER_IDS } from "./providers/types.js";

const secrets = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** What `wh-sim.config.json` may hold; anything else is an error that names the field. */
export const ConfigSchema = z
  .object({
    url: z.string().url().optional(),
    providers: z.partialRecord(z.enum(PROVIDER_IDS), z.object({ url: z.string().url().optional(), secret: secrets.optional() }).strict()).optional(),
    listen: z
      .object({
        port: z.number().int().min(0).max(65535).optional(),
        host: z.string().optional(),
        ui: z.boolean().optional(),
        allowedHosts: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
