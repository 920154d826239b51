import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { UsageError } from "./errors.js";
import { PROVIDER_IDS, type ProviderId } from "./providers/types.js";

const secrets = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const ConfigSchema = z
  .object({
    url: z.string().url().optional(),
    providers: z.partialRecord(z.enum(PROVIDER_IDS), z.object({ url: z.string().url().optional(), secret: secrets.optional() }).strict()).optional(),
    listen: z.object({ port: z.number().int().min(0).max(65535).optional(), host: z.string().optional() }).strict().optional(),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;

export const CONFIG_FILE = "wh-sim.config.json";

/** `--config <file>`, else `wh-sim.config.json` in the working directory when present. */
export async function loadConfig(file?: string, cwd = process.cwd()): Promise<Config> {
  const path = resolve(cwd, file ?? CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    if (file) throw new UsageError(`cannot read config file ${path}`);
    return {};
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${path}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  return parsed.data;
}

const envName = (provider: ProviderId) => `WH_SIM_${provider.toUpperCase()}_SECRET`;

/** Flags beat env beats config beats the built-in test secret. */
export function resolveSecrets(provider: ProviderId, flags: readonly string[] | undefined, config: Config, testSecret?: string): string[] {
  if (flags?.length) return [...flags];
  const env = process.env[envName(provider)];
  if (env) return [env];
  const configured = config.providers?.[provider]?.secret;
  if (configured) return Array.isArray(configured) ? configured : [configured];
  return testSecret ? [testSecret] : [];
}

export function resolveUrl(provider: ProviderId, flag: string | undefined, config: Config): string {
  return flag || process.env.WH_SIM_URL || config.providers?.[provider]?.url || config.url || "http://localhost:4242/webhook";
}
