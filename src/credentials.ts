import { resolveSecrets, type Config } from "./config.js";
import { UsageError } from "./errors.js";
import type { Credentials, Provider } from "./providers/types.js";

/** The credentials a provider signs with: HMAC secrets from flag/env/config/built-in. */
export async function signingCredentials(provider: Provider, flags: readonly string[] | undefined, config: Config): Promise<Credentials> {
  const secrets = resolveSecrets(provider.id, flags, config, provider.testSecret);
  if (secrets.length === 0) throw new UsageError(`no ${provider.displayName} secret`, `pass --secret or set WH_SIM_${provider.id.toUpperCase()}_SECRET`);
  return { kind: "hmac", secrets };
}
