import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { withScheme } from "./input.js";
import { UsageError } from "./lib/errors.js";
import { parseOwnFormat } from "./lib/json.js";
import { DEFAULT_URL } from "./defaults.js";
import type { ProviderId } from "./providers/types.js";

/** The project config file: url, secrets per provider, listener address. */
export interface Config {
  url?: string;
  providers?: Partial<Record<ProviderId, { url?: string; secret?: string | string[] }>>;
  /** `allowedHosts`: names the inspector answers besides the listener's own (as `--allowed-host`). */
  listen?: { port?: number; host?: string; ui?: boolean; allowedHosts?: string[] };
}

export const CONFIG_FILE = "wh-sim.config.json";

/** `--config <file>`, else `wh-sim.config.json` in the working directory when present. */
export async function loadConfig(file?: string, cwd = process.cwd()): Promise<Config> {
  const path = resolve(cwd, file ?? CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    if (file) throw new UsageError(`cannot read config file ${path}`);
    return {};
  }
  let raw: unknown;
  try {
    raw = parseOwnFormat(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  // zod is loaded only when there is a file to check.
  const { ConfigSchema } = await import("./config-schema.js");
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${path}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  return parsed.data as Config;
}

/** A setting's value and where it came from, for messages such as "signed with the secret from $WH_SIM_STRIPE_SECRET". */
export interface Resolved<T> {
  readonly value: T;
  readonly source: string;
}

/** The one precedence rule for every setting: a flag beats the environment, which beats the config file, which beats the default. */
export function firstSet<T>(
  layers: { flag?: T | undefined; env?: { name: string; value: T | undefined }; config?: T | undefined },
  fallback: Resolved<T>,
): Resolved<T> {
  if (layers.flag !== undefined) return { value: layers.flag, source: "flag" };
  if (layers.env?.value !== undefined) return { value: layers.env.value, source: `$${layers.env.name}` };
  if (layers.config !== undefined) return { value: layers.config, source: "config file" };
  return fallback;
}

export const secretEnvName = (provider: ProviderId): string => `WH_SIM_${provider.toUpperCase()}_SECRET`;

const envValue = (name: string): string | undefined => process.env[name] || undefined;
const nonEmpty = <T>(list: readonly T[] | undefined): readonly T[] | undefined => (list?.length ? list : undefined);

/** The HMAC secrets to sign or verify with: `--secret` (repeatable), `$WH_SIM_<PROVIDER>_SECRET`, the config file, the built-in test secret. */
export function resolveSecrets(provider: ProviderId, flags: readonly string[] | undefined, config: Config, testSecret: string): Resolved<readonly string[]> {
  const name = secretEnvName(provider);
  const env = envValue(name);
  const configured = config.providers?.[provider]?.secret;
  const resolved = firstSet<readonly string[]>(
    { flag: nonEmpty(flags), env: { name, value: env === undefined ? undefined : [env] }, config: configured === undefined ? undefined : [configured].flat() },
    { value: [testSecret], source: "built-in test secret" },
  );
  return resolved.source === "flag" ? { ...resolved, source: "--secret" } : resolved;
}

/** The target URL: `--url`, `$WH_SIM_URL`, the provider's or the top-level url of the config file, the default. */
export function resolveUrl(provider: string | undefined, flag: string | undefined, config: Config, fallback = DEFAULT_URL): string {
  const configured = (provider ? config.providers?.[provider as ProviderId]?.url : undefined) ?? config.url;
  const { value, source } = firstSet(
    { flag: flag || undefined, env: { name: "WH_SIM_URL", value: envValue("WH_SIM_URL") }, config: configured },
    { value: fallback, source: "default" },
  );
  return withScheme(value, source === "flag" ? "--url" : source === "config file" ? "the config file's url" : source);
}
