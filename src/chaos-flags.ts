import { closest } from "./lib/closest.js";
import { UsageError } from "./lib/errors.js";

// The chaos table alone, with nothing heavy beside it: the command line registers its options
// from it at start-up (chaos.ts, which signs, loads only when something is sent).

/**
 * What providers really do to a handler, sent on purpose: redeliveries, signatures made too
 * early or too late, with the wrong secret, over a changed body, garbled or missing, with an
 * unknown or expired Plaid key, or two at once during rotation.
 */
export interface ChaosRequest {
  /** Deliver the same message this many more times (`--duplicate [n]`). */
  duplicate?: number | boolean;
  /** Sign this many seconds in the past (`true`: the provider's tolerance + 60 s). */
  stale?: number | boolean;
  future?: number | boolean;
  wrongSecret?: boolean;
  tamper?: boolean;
  malformedSignature?: boolean;
  noSignature?: boolean;
  unknownKid?: boolean;
  expiredKey?: boolean;
  rotate?: boolean;
}

/**
 * Every chaos a delivery can be given, once: the flag (`--wrong-secret`, a run file's and MCP's
 * name), the request's key, whether it takes a value, how a report names it, whether it forges the
 * delivery (a correct receiver refuses it), and what the help says. The CLI's options, the run
 * file's and MCP's schemas, the reports and the forging set are all made from this table.
 */
export const CHAOS_FLAGS = [
  {
    flag: "duplicate",
    key: "duplicate",
    value: "[n]",
    label: "duplicate",
    forges: false,
    help: "deliver the same message n more times (default 1), redelivered as the provider does",
  },
  { flag: "stale", key: "stale", value: "[seconds]", label: "stale", forges: true, help: "sign this long ago (default: the provider's tolerance + 60 s)" },
  { flag: "future", key: "future", value: "[seconds]", label: "future", forges: true, help: "sign this far ahead (default: the tolerance + 60 s)" },
  { flag: "wrong-secret", key: "wrongSecret", label: "wrong secret", forges: true, help: "sign with a secret (Plaid: a key) the app does not have" },
  { flag: "tamper", key: "tamper", label: "tampered", forges: true, help: "change the body after signing" },
  { flag: "malformed-signature", key: "malformedSignature", label: "malformed signature", forges: true, help: "send a signature header that cannot be parsed" },
  { flag: "no-signature", key: "noSignature", label: "no signature", forges: true, help: "send no signature header" },
  {
    flag: "unknown-kid",
    key: "unknownKid",
    label: "unknown kid",
    forges: true,
    help: "plaid: sign with a key under a kid the key endpoint does not know (it answers 400)",
  },
  { flag: "expired-key", key: "expiredKey", label: "expired key", forges: true, help: "plaid: sign with a key the key endpoint reports as expired" },
  { flag: "rotate", key: "rotate", label: "rotation", forges: false, help: "sign with an old secret and yours, as during rotation (the app must accept it)" },
] as const satisfies readonly { flag: string; key: keyof ChaosRequest; value?: string; label: string; forges: boolean; help: string }[];

/**
 * Chaos given by name (`["tamper", "stale"]`, `{duplicate: 2}`, a run file's or MCP's form) as a
 * request; an unknown name is a usage error with the nearest names.
 */
export function chaosFromNames(chaos: readonly string[] | Readonly<Record<string, boolean | number>> | undefined): ChaosRequest {
  const entries: [string, boolean | number][] = Array.isArray(chaos) ? chaos.map((name) => [name, true]) : Object.entries(chaos ?? {});
  const request: Record<string, boolean | number> = {};
  for (const [name, value] of entries) {
    const known = CHAOS_FLAGS.find((f) => f.flag === name || f.key === name);
    if (!known) throw unknownChaos(name);
    request[known.key] = value;
  }
  return request as ChaosRequest;
}

/** An unknown chaos name: what is valid, and the nearest. */
function unknownChaos(name: string): UsageError {
  const flags = CHAOS_FLAGS.map((f) => f.flag);
  const near = closest(name, flags);
  return new UsageError(`unknown chaos "${name}"${near.length ? ` (did you mean ${near.join(", ")}?)` : ""}`, `chaos takes ${flags.join(", ")}`);
}

// Every key of a request has its row (a key added without one fails to compile).
type Unlisted = Exclude<keyof ChaosRequest, (typeof CHAOS_FLAGS)[number]["key"]>;
const everyKeyListed: [Unlisted] extends [never] ? true : never = true;
void everyKeyListed;
