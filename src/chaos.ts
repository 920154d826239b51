import { generateKeyPairSync, randomUUID } from "node:crypto";
import { expiredKeySigner, hmacSigner, keypairSigner, type Signer } from "./credentials.js";
import type { PreparedDelivery } from "./delivery.js";
import { humanDuration } from "./lib/duration.js";
import { UsageError } from "./lib/errors.js";
import { createRandom } from "./lib/random.js";
import { CHAOS_FLAGS, type ChaosRequest } from "./chaos-flags.js";
import type { HeaderMap, Provider } from "./providers/types.js";

/** The chaos checked against the provider, with its defaults filled in. */
export type { ChaosRequest } from "./chaos-flags.js";

export interface Chaos {
  readonly duplicates: number;
  /** Seconds added to the signing clock (negative: stale). */
  readonly shiftSeconds: number;
  readonly request: ChaosRequest;
  /** How each report names it: `stale 6 min`, `tampered`… */
  readonly names: readonly string[];
}

const MARGIN_SECONDS = 60;

/** Checks the chaos options against what the provider does; a simulation it cannot make honestly is a usage error. */
export function resolveChaos(provider: Provider, request: ChaosRequest): Chaos {
  const names: string[] = [];
  let shiftSeconds = 0;
  for (const [flag, value, sign] of [
    ["--stale", request.stale, -1],
    ["--future", request.future, 1],
  ] as const) {
    if (value === undefined || value === false) continue;
    if (!provider.signedTime) {
      throw new UsageError(
        `${flag} does not apply to ${provider.id}`,
        `${provider.displayName} signs the body only, with no time: a replay is byte-identical and still verifies (try --duplicate)`,
      );
    }
    const seconds = value === true ? provider.signedTime.toleranceSeconds + MARGIN_SECONDS : value;
    shiftSeconds += sign * seconds;
    names.push(`${flag.slice(2)} ${humanDuration(seconds)}`);
  }
  if (provider.credentialKind === "hmac" && (request.unknownKid || request.expiredKey)) {
    throw new UsageError(
      `${request.unknownKid ? "--unknown-kid" : "--expired-key"} is for Plaid's key pairs`,
      `${provider.displayName} signs with a shared secret: try --wrong-secret`,
    );
  }
  if (request.rotate && (provider.credentialKind === "keypair" || !provider.signsWithEachSecret)) {
    throw new UsageError(
      `--rotate does not apply to ${provider.id}`,
      provider.credentialKind === "hmac"
        ? `${provider.displayName} signs with one secret: it sends no second signature during rotation`
        : `${provider.displayName} rotates keys, not signatures: try --expired-key, or wh-sim secret ${provider.id} --new`,
    );
  }
  for (const { key, label } of CHAOS_FLAGS) if (key !== "duplicate" && key !== "stale" && key !== "future" && request[key]) names.push(label);
  const duplicates = request.duplicate === true ? 1 : typeof request.duplicate === "number" ? request.duplicate : 0;
  if (duplicates) names.push(`duplicate ×${duplicates + 1}`);
  return { duplicates, shiftSeconds, request, names };
}

/** The chaos that makes a delivery one a correct receiver refuses (a forged, stale or unsigned one). */
const FORGING = CHAOS_FLAGS.filter((f) => f.forges).map((f) => f.key);

/** Whether the chaos forges the delivery: then a refusal is the receiver doing its job, and the world does not take it in. */
export const forges = (chaos: Chaos): boolean => FORGING.some((key) => chaos.request[key]);

/** The clock a delivery is signed at: `base` (now), moved by --stale or --future. */
export function signingClock(chaos: Chaos, base = Date.now()): Date {
  return new Date(base + chaos.shiftSeconds * 1000);
}

/** The signer the chaos asks for: another secret or key, or the user's plus an old one (rotation). */
export async function chaosSigner(provider: Provider, signer: Signer, chaos: Chaos): Promise<Signer> {
  const { request } = chaos;
  const random = createRandom();
  if (provider.credentialKind === "keypair") {
    if (request.expiredKey) return expiredKeySigner(provider);
    if (request.unknownKid || request.wrongSecret) {
      // A key of nobody's: under an unknown kid, or under wh-sim's kid (the signature then does not verify).
      const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const kid = request.unknownKid ? randomUUID() : (signer.kid ?? randomUUID());
      return keypairSigner(provider, { kid, privateKey, publicJwk: {} }, request.unknownKid ? "a key under an unknown kid" : "another key under wh-sim's kid");
    }
    return signer;
  }
  if (request.wrongSecret) return hmacSigner(provider, [provider.newSecret(random)], "a wrong secret");
  if (request.rotate) return hmacSigner(provider, [provider.newSecret(random), ...signer.secrets], `${signer.source} and an old secret (rotation)`);
  return signer;
}

/** Still JSON, one byte more: a body re-serialised or changed in transit after it was signed. */
export function tamperBody(body: string): string {
  return body.startsWith("{") ? `{ ${body.slice(1)}` : `${body} `;
}

/** What the chaos does to a delivery after it was signed: a changed body, a garbled or missing signature. */
export function afterSigning(provider: Provider, delivery: PreparedDelivery, chaos: Chaos): PreparedDelivery {
  const { request } = chaos;
  let { body, headers } = delivery;
  if (request.tamper) body = tamperBody(body);
  if (request.malformedSignature || request.noSignature) {
    const signature = (name: string) => provider.signatureHeaders.includes(name.toLowerCase());
    headers = Object.fromEntries(
      Object.entries(headers)
        .filter(([name]) => !(request.noSignature && signature(name)))
        .map(([name, value]) => [name, request.malformedSignature && signature(name) ? "malformed-signature" : value]),
    ) as HeaderMap;
  }
  return { ...delivery, body, headers };
}
