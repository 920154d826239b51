import { resolveSecrets, type Config } from "./config.js";
import { readUserFile } from "./input.js";
import { UsageError } from "./lib/errors.js";
import type { Random } from "./lib/random.js";
import { expiredKey, liveJwks, loadPlaidKeys, publicJwk, rotatePlaidKey, signingKey, whSimHome } from "./providers/plaid/key-store.js";
import type { HeaderMap, HmacProvider, JsonObject, KeypairProvider, Provider, ProviderOptions, SigningKey, VerifyContext } from "./providers/types.js";

/** A provider paired with what it signs with, so callers sign without knowing which kind of credentials it takes. */
export interface Signer {
  /** Where the secret or key came from ("--secret", "$WH_SIM_STRIPE_SECRET", "config file", "built-in test secret", "wh-sim key …"). */
  readonly source: string;
  /** The secret masked (`whsec_wh…2026`), or the key's id: enough to tell which, never enough to use. */
  readonly shown: string;
  sign(body: string, ctx: { now: Date; random: Random; options: ProviderOptions; redeliveryOf?: HeaderMap }): HeaderMap;
  /** The HMAC secrets it signs with (none for a key pair). */
  readonly secrets: readonly string[];
  /** The key's id, for a key pair. */
  readonly kid?: string;
}

export function hmacSigner(provider: HmacProvider, secrets: readonly string[], source = "--secret"): Signer {
  return {
    source,
    secrets,
    shown: secrets.map(maskSecret).join(", "),
    sign: (body, ctx) => provider.sign(body, { ...ctx, credentials: { kind: "hmac", secrets } }),
  };
}

export function keypairSigner(provider: KeypairProvider, key: SigningKey, source = `key ${key.kid}`): Signer {
  return {
    source,
    secrets: [],
    kid: key.kid,
    shown: `kid ${key.kid}`,
    sign: (body, ctx) => provider.sign(body, { ...ctx, credentials: { kind: "keypair", key } }),
  };
}

/** What a provider signs with: HMAC secrets from flag/env/config/built-in, or wh-sim's key pair. */
export async function signerFor(provider: Provider, flags: readonly string[] | undefined, config: Config): Promise<Signer> {
  if (provider.credentialKind === "keypair") {
    const key = signingKey(await loadPlaidKeys());
    return keypairSigner(provider, key, `wh-sim key ${key.kid}`);
  }
  const { value, source } = resolveSecrets(provider.id, flags, config, provider.testSecret);
  return hmacSigner(provider, value, source);
}

// The one door to wh-sim's store of key pairs (`providers/plaid/key-store.ts`, under $WH_SIM_HOME):
// other modules ask here for a key-pair provider's keys.

/** A key-pair provider's key that has expired (its public half served with `expired_at`), for --expired-key. */
export async function expiredKeySigner(provider: KeypairProvider): Promise<Signer> {
  return keypairSigner(provider, await expiredKey(), "an expired wh-sim key");
}

/** The public key a key-pair provider's receivers fetch (a new one first, with `rotate`), and where the private half lives. */
export async function publicKeyOf(_provider: KeypairProvider, rotate: boolean): Promise<{ jwk: JsonObject; home: string }> {
  const keys = rotate ? await rotatePlaidKey() : await loadPlaidKeys();
  return { jwk: publicJwk(keys.at(-1)!), home: whSimHome() };
}

export interface Verifier {
  verify: Omit<VerifyContext, "now">;
  /** Where the secrets or keys came from, for the listener's start-up line. */
  source: string;
  /** What to show of them: a built-in test secret in full (it is made to be copied), the user's masked, with where it came from. */
  shown: string;
}

/** The start and end of a secret of the user's: enough to tell which, never enough to use. */
export function maskSecret(secret: string): string {
  return secret.length <= 12 ? "…" : `${secret.slice(0, 8)}…${secret.slice(-4)}`;
}

/** What `listen`/`verify` check a provider's deliveries against. */
export async function verifierFor(provider: Provider, flags: readonly string[] | undefined, config: Config, jwkFile?: string): Promise<Verifier> {
  if (provider.credentialKind === "keypair") {
    if (jwkFile) return { verify: { secrets: [], jwks: await readJwks(jwkFile) }, source: jwkFile, shown: `keys in ${jwkFile}` };
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
      shown: `key ${keys.at(-1)!.kid} (public JWK: wh-sim secret plaid)`,
    };
  }
  const { value, source } = resolveSecrets(provider.id, flags, config, provider.testSecret);
  return {
    verify: { secrets: value },
    source,
    shown: source === "built-in test secret" ? value.join(", ") : `${value.map(maskSecret).join(", ")}  (from ${source})`,
  };
}

/** A JWK file: one key, `{key: …}` as the key endpoint returns it, `{keys: […]}`, or an array. */
async function readJwks(file: string): Promise<JsonObject[]> {
  let parsed: unknown;
  const text = (await readUserFile("--jwk", file)).toString("utf8");
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--jwk: ${file} is not JSON: ${(error as Error).message}`);
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
