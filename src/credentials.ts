import { resolveSecrets, type Config } from "./config.js";
import { UsageError } from "./errors.js";
import type { Credentials, Provider } from "./providers/types.js";

/** The credentials a provider signs with: HMAC secrets from flag/env/config/built-in. */
export async function signingCredentials(provider: Provider, flags: readonly string[] | undefined, config: Config): Promise<Credentials> {
  const secrets = resolveSecrets(provider.id, flags, config, provider.testSecret);
  if (secrets.length === 0) throw new UsageError(`no ${provider.displayName} secret`, `pass --secret or set WH_SIM_${provider.id.toUpperCase()}_SECRET`);
  return { kind: "hmac", secrets };
}

export interface SecretSource {
  secrets: string[];
  /** Where the secrets came from, for the listener's start-up line. */
  source: string;
}

/** The secrets `listen`/`verify` check a provider's deliveries with, and where they came from. */
export function verificationSecrets(provider: Provider, flags: readonly string[] | undefined, config: Config): SecretSource {
  const secrets = resolveSecrets(provider.id, flags, config, provider.testSecret);
  const source = flags?.length
    ? "--secret"
    : process.env[`WH_SIM_${provider.id.toUpperCase()}_SECRET`]
      ? `$WH_SIM_${provider.id.toUpperCase()}_SECRET`
      : config.providers?.[provider.id]?.secret
        ? "config"
        : "built-in test secret";
  return { secrets, source };
}

/** `--secret stripe=whsec_…` (repeatable) → secrets by provider id. */
export function secretsByProvider(specs: readonly string[] = [], known: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    const id = spec.slice(0, eq).toLowerCase();
    if (eq <= 0 || !known.includes(id)) {
      throw new UsageError(`bad --secret "${spec.slice(0, 12)}…"`, `use --secret <provider>=<secret>, provider one of ${known.join(", ")}`);
    }
    map.set(id, [...(map.get(id) ?? []), spec.slice(eq + 1)]);
  }
  return map;
}
