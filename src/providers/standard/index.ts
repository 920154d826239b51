import { epochSeconds, FIXTURE_EPOCH, shiftIsoTimes } from "../../lib/times.js";
import { UsageError } from "../../lib/errors.js";
import { ALPHANUMERIC, hmacSha256, safeEqual } from "../../lib/crypto.js";
import { humanDuration } from "../../lib/duration.js";
import { describeFields } from "../describe.js";
import { findListedEvent, matchListedEvent } from "../find-event.js";
import { standardCatalogue, STANDARD_EVENTS } from "./catalogue.js";
import type { HeaderMap, HmacProvider, JsonObject, Verdict } from "../types.js";
import { fail, MISMATCH_HINT } from "../verdict.js";

/**
 * A signature header longer than this is refused before any work. Bounded by size, not by count:
 * the reference libraries accept a right signature wherever it stands in the list, and the cost is
 * one HMAC per secret whatever the number of entries.
 */
const MAX_SIGNATURE_HEADER_BYTES = 64 * 1024;

/** The spec's ±5 minute window (docs/providers.md, Standard Webhooks). */
export const TOLERANCE_SECONDS = 300;

/**
 * Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>` (space-
 * separated during rotation); HMAC-SHA256 over `${id}.${timestamp}.${body}` keyed with the base64
 * bytes after `whsec_`. `--svix` sends Svix's branded `svix-*` names for the same values.
 */
export const standard: HmacProvider = {
  ...standardCatalogue,
  signatureHeaders: ["webhook-signature", "svix-signature"],
  // Any sender's event name is valid: names wh-sim does not list are sent with the ping fixture's shape.
  resolveEvent: (input) =>
    input.includes("@") || matchListedEvent(STANDARD_EVENTS, input) || !/^[\w.:/-]+$/.test(input)
      ? findListedEvent("standard", STANDARD_EVENTS, input)
      : { name: input, fixture: "ping" },
  demoEvent: "ping",
  options: ["svix"],
  credentialKind: "hmac",
  signsWithEachSecret: true,
  testSecret: "whsec_d2gtc2ltIGxvY2FsIHRlc3Qgc2VjcmV0IGRvIG5vdCB1c2U=",
  newSecret: (random) => `whsec_${random.bytes(32).toString("base64")}`,
  materialize(fixture, event, { now }) {
    return { ...(shiftIsoTimes(fixture, epochSeconds(now) - FIXTURE_EPOCH) as JsonObject), type: event };
  },
  serialize: (payload) => JSON.stringify(payload),
  sign(body, { credentials, now, random, options, redeliveryOf }) {
    // A redelivery keeps the message id: receivers deduplicate on it.
    const id = redeliveryOf?.["webhook-id"] ?? redeliveryOf?.["svix-id"] ?? `msg_${random.chars(27, ALPHANUMERIC)}`;
    const timestamp = String(epochSeconds(now));
    const signature = credentials.secrets.map((s) => `v1,${hmacSha256(secretKey(s), `${id}.${timestamp}.${body}`).toString("base64")}`).join(" ");
    const prefix = options.svix ? "svix" : "webhook";
    return { "Content-Type": "application/json", [`${prefix}-id`]: id, [`${prefix}-timestamp`]: timestamp, [`${prefix}-signature`]: signature };
  },
  verify: (body, headers, { secrets, now }) => verifyStandard(body, headers, secrets, now),
  signedTime: {
    toleranceSeconds: TOLERANCE_SECONDS,
    futureAccepted: false,
    at: (headers) => {
      const t = headers["webhook-timestamp"] ?? headers["svix-timestamp"];
      return t !== undefined && /^\d+$/.test(t) ? new Date(Number(t) * 1000) : undefined;
    },
  },
  retryPolicy: ({ svix }) =>
    svix
      ? {
          delays: [5, 300, 1800, 7200, 18_000, 36_000, 36_000],
          timeoutMs: 15_000,
          success: "2xx",
          source: "Svix: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; 15 s timeout",
          abortHeader: ["webhook-delivery", "abort-message"],
        }
      : {
          delays: [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400],
          timeoutMs: 15_000,
          success: "2xx",
          source: "Standard Webhooks spec: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h",
        },
  describe: (payload, headers) => {
    const { event } = describeFields(payload, "type");
    const id = headers["webhook-id"] ?? headers["svix-id"];
    return { ...(event ? { event } : {}), ...(id ? { id } : {}) };
  },
};

/** The key is the base64 after `whsec_` (a secret without the prefix is taken as base64 too). */
export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith("whsec_") ? secret.slice(6) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded))
    throw new UsageError("a Standard Webhooks secret is whsec_ followed by base64", "wh-sim secret standard --new makes one");
  return Buffer.from(encoded, "base64");
}

function verifyStandard(body: Uint8Array, headers: HeaderMap, secrets: readonly string[], now: Date): Verdict {
  const prefix = headers["webhook-signature"] !== undefined ? "webhook" : "svix";
  const id = headers[`${prefix}-id`];
  const timestamp = headers[`${prefix}-timestamp`];
  const signatures = headers[`${prefix}-signature`];
  if (!id || !timestamp || !signatures) {
    return fail("missing-header", `missing ${prefix}-id, ${prefix}-timestamp or ${prefix}-signature`, "all three headers are required by the spec");
  }
  const t = Number(timestamp);
  if (!/^\d+$/.test(timestamp)) return fail("malformed", `${prefix}-timestamp is not unix seconds`, "the spec sends an integer number of seconds");
  if (signatures.length > MAX_SIGNATURE_HEADER_BYTES) {
    return fail(
      "malformed",
      `${prefix}-signature is ${signatures.length} bytes (more than ${MAX_SIGNATURE_HEADER_BYTES})`,
      "a sender signs once per secret it is rotating through; this looks like an attack",
    );
  }
  const entries = signatures.split(" ");
  const v1 = entries.filter((s) => s.startsWith("v1,")).map((s) => Buffer.from(s.slice(3), "base64"));
  if (v1.length === 0) return fail("malformed", `${prefix}-signature has no v1,<base64> entry`, "entries are space-separated: v1,<base64> v1,<base64>");
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), body]);
  let keys: Buffer[];
  try {
    keys = secrets.map(secretKey);
  } catch {
    return fail("mismatch", "the configured secret is not whsec_<base64>", "copy the whole whsec_… secret");
  }
  // The body is hashed once per secret, however many signatures the header lists.
  const expected = keys.map((k) => hmacSha256(k, signed));
  if (!v1.some((sig) => expected.some((e) => safeEqual(sig, e)))) {
    return fail("mismatch", "no v1 signature matches the id, timestamp and body", MISMATCH_HINT);
  }
  const age = epochSeconds(now) - t;
  if (age > TOLERANCE_SECONDS)
    return fail(
      "stale",
      `signed ${humanDuration(age)} ago, tolerance ${humanDuration(TOLERANCE_SECONDS)}`,
      "a replayed or delayed message; re-sign it (wh-sim replay --resign)",
    );
  if (age < -TOLERANCE_SECONDS)
    return fail("future", `signed ${humanDuration(-age)} in the future, tolerance ${humanDuration(TOLERANCE_SECONDS)}`, "check the sender's clock");
  return { ok: true };
}
