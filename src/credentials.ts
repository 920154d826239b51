import { readFile } from "node:fs/promises";
import { resolveSecrets, type Config } from "./config.js";
import { UsageError } from "./errors.js";
import { liveJwks, loadPlaidKeys, signingKey } from "./keys/plaid-key-store.js";
import type { Credentials, JsonObject, Provider, VerifyContext } from "./providers/types.js";

/** What a provider signs with: HMAC secrets from flag/env/config/built-in, or wh-sim's key pair. */
export async function signingCredentials(provider: Provider, flags: readonly string[] | undefined, config: Config): Promise<Credentials> {
  if (provider.credentialKind === "keypair") return { kind: "keypair", key: signingKey(await loadPlaidKeys()) };
  const secrets = resolveSecrets(provider.id, flags, config, provider.testSecret);
  if (secrets.length === 0) throw new UsageError(`no ${provider.displayName} secret`, `pass --secret or set WH_SIM_${provider.id.toUpperCase()}_SECRET`);
  return { kind: "hmac", secrets };
}

export interface Verifier {
  verify: Omit<VerifyContext, "now">;
  /** Where the secrets or keys came from, for the listener's start-up line. */
  source: string;
}

/** What `listen`/`verify` check a provider's deliveries against. */
export async function verifierFor(provider: Provider, flags: readonly string[] | undefined, config: Config, jwkFile?: string): Promise<Verifier> {
  if (provider.credentialKind === "keypair") {
    if (jwkFile) return { verify: { secrets: [], jwks: await readJwks(jwkFile) }, source: jwkFile };
    const keys = await loadPlaidKeys();
    const current = liveJwks(keys);
    return {
      verify: {
        secrets: [],
        get jwks() {
          return current();
        },
      },
      source: `wh-sim key ${keys.at(-1)!.kid}`,
    };
  }
  const secrets = resolveSecrets(provider.id, flags, config, provider.testSecret);
  const env = `WH_SIM_${provider.id.toUpperCase()}_SECRET`;
  const source = flags?.length ? "--secret" : process.env[env] ? `$${env}` : config.providers?.[provider.id]?.secret ? "config" : "built-in test secret";
  return { verify: { secrets }, source };
}

/** A JWK file: one key, `{key: …}` as the key endpoint returns it, `{keys: […]}`, or an array. */
async function readJwks(file: string): Promise<JsonObject[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read JWK file ${file}: ${(error as Error).message}`);
  }
  const p = parsed as { key?: unknown; keys?: unknown };
  const list = Array.isArray(parsed) ? parsed : Array.isArray(p.keys) ? p.keys : p.key ? [p.key] : [parsed];
  if (!list.every((k) => k && typeof k === "object" && "kid" in k)) throw new UsageError(`${file} holds no JWK with a kid`);
  return list.map((k) => ({ expired_at: null, ...(k as JsonObject) }));
}

/** `--secret stripe=whsec_…` (repeatable) → secrets by provider id. */
export function secretsByProvider(specs: readonly string[] = [], known: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    const id = spec.slice(0, eq).toLowerCase();
    if (eq <= 0 || !known.includes(id)) {
      // Name the provider part only: the rest may be a secret.
      throw new UsageError(`bad --secret for "${eq > 0 ? spec.slice(0, eq) : "?"}"`, `use --secret <provider>=<secret>, provider one of ${known.join(", ")}`);
    }
    map.set(id, [...(map.get(id) ?? []), spec.slice(eq + 1)]);
  }
  return map;
}
