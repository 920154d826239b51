import { generateKeyPairSync, createPrivateKey, randomUUID, type JsonWebKey } from "node:crypto";
// node:fs/promises only when Plaid's keys are read or written (loading it costs any command ~4 ms on Node 26).
import { promises as fsPromises, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../../lib/errors.js";
import { whSimHome } from "../../lib/home.js";
import type { JsonObject, SigningKey } from "../types.js";

export { whSimHome };

interface StoredKey {
  kid: string;
  created_at: number;
  expired_at: number | null;
  private_jwk: JsonWebKey;
}

const FILE = "plaid-keys.json";

/** wh-sim's Plaid keys, oldest first; the first call creates one (file mode 0600). */
export async function loadPlaidKeys(home = whSimHome(), now = new Date()): Promise<StoredKey[]> {
  const path = join(home, FILE);
  let text: string | undefined;
  try {
    text = await fsPromises.readFile(path, "utf8");
  } catch (error) {
    // Only a missing file means "no key yet": an unreadable one must never be replaced by a new key.
    // (ENOTDIR: WH_SIM_HOME runs through a file; saving will say so.)
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") {
      throw new UsageError(
        `cannot read wh-sim's Plaid keys at ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        "check its permissions, or point WH_SIM_HOME at another folder",
      );
    }
  }
  if (text === undefined) {
    const keys = [newKey(now)];
    await save(home, keys);
    return keys;
  }
  try {
    const parsed = JSON.parse(text) as { keys: StoredKey[] };
    if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) throw new Error("no keys");
    return parsed.keys;
  } catch (error) {
    throw new UsageError(`${path} is damaged (${(error as Error).message})`, `move it away and run \`wh-sim secret plaid\` to create a new key`);
  }
}

/** Marks the current key expired and adds a fresh one; old deliveries then fail as "expired-key". */
export async function rotatePlaidKey(home = whSimHome(), now = new Date()): Promise<StoredKey[]> {
  const keys = await loadPlaidKeys(home, now);
  const at = Math.floor(now.getTime() / 1000);
  const rotated = [...keys.map((k) => (k.expired_at === null ? { ...k, expired_at: at } : k)), newKey(now)];
  await save(home, rotated);
  return rotated;
}

/**
 * The public JWKs, re-read when the key file changes, so a running `listen` serves a key made by
 * `wh-sim secret plaid --new` (and the old one as expired) without a restart.
 */
export function liveJwks(keys: readonly StoredKey[], home = whSimHome()): () => JsonObject[] {
  const path = join(home, FILE);
  let seen = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
  let jwks = keys.map(publicJwk);
  return () => {
    const mtime = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
    if (mtime !== undefined && mtime !== seen) {
      seen = mtime;
      try {
        jwks = (JSON.parse(readFileSync(path, "utf8")) as { keys: StoredKey[] }).keys.map(publicJwk);
      } catch {
        // A half-written or damaged file: keep serving the keys we had.
      }
    }
    return jwks;
  };
}

/**
 * A key the key endpoint reports as expired, for `--expired-key`: one made for it (and kept) when
 * the store has none. The current signing key stays as it is.
 */
export async function expiredKey(home = whSimHome(), now = new Date()): Promise<SigningKey> {
  const keys = await loadPlaidKeys(home, now);
  let expired = keys.find((k) => k.expired_at !== null);
  if (!expired) {
    expired = { ...newKey(now), expired_at: Math.floor(now.getTime() / 1000) };
    await save(home, [expired, ...keys]);
  }
  return toSigningKey(expired);
}

export function signingKey(keys: readonly StoredKey[]): SigningKey {
  return toSigningKey([...keys].reverse().find((k) => k.expired_at === null) ?? keys.at(-1)!);
}

function toSigningKey(key: StoredKey): SigningKey {
  return { kid: key.kid, privateKey: createPrivateKey({ key: key.private_jwk, format: "jwk" }), publicJwk: publicJwk(key) };
}

/** The JWK as Plaid's key endpoint returns it: alg, created_at, crv, expired_at, kid, kty, use, x, y. */
export function publicJwk(key: StoredKey): JsonObject {
  const { crv, kty, x, y } = key.private_jwk;
  return { alg: "ES256", created_at: key.created_at, crv: crv!, expired_at: key.expired_at, kid: key.kid, kty: kty!, use: "sig", x: x!, y: y! };
}

function newKey(now: Date): StoredKey {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { kid: randomUUID(), created_at: Math.floor(now.getTime() / 1000), expired_at: null, private_jwk: privateKey.export({ format: "jwk" }) };
}

async function save(home: string, keys: StoredKey[]): Promise<void> {
  const path = join(home, FILE);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await fsPromises.mkdir(home, { recursive: true, mode: 0o700 });
    await fsPromises.writeFile(temp, `${JSON.stringify({ version: 1, keys }, null, 2)}\n`, { mode: 0o600 });
    await fsPromises.rename(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`cannot write wh-sim's Plaid keys to ${home} (${code})`, "set WH_SIM_HOME to a writable folder (it holds wh-sim's keys)");
  }
}
