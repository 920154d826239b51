import { renewIds } from "../../lib/renew-ids.js";
import { epochSeconds, FIXTURE_EPOCH, shiftIsoTimes } from "../../lib/times.js";
import { UsageError } from "../../lib/errors.js";
import { ALPHANUMERIC, safeEqual } from "../../lib/crypto.js";
import { describeFields } from "../describe.js";
import { v1HexSignature } from "../hmac-hex.js";
import { findListedEvent } from "../find-event.js";
import { truvCatalogue } from "./catalogue.js";
import type { HmacProvider, JsonObject } from "../types.js";
import { fail, MISMATCH_HINT } from "../verdict.js";
import { TRUV_EVENTS } from "./events.generated.js";
import { truvApi } from "./api/index.js";

/**
 * Truv: `X-WEBHOOK-SIGN: v1=<lowercase hex HMAC-SHA256(access secret, raw body)>`, one value,
 * no timestamp; official receivers compare the whole header string (docs/providers.md, Truv).
 */
export const truv: HmacProvider = {
  ...truvCatalogue,
  signatureHeaders: ["x-webhook-sign"],
  demoEvent: "task-status-updated",
  options: [],
  resolveEvent: (input) => findListedEvent("truv", TRUV_EVENTS, input),
  credentialKind: "hmac",
  // One access secret: during a rotation Truv sends no second signature.
  signsWithEachSecret: false,
  testSecret: "wh_sim_truv_test_access_secret",
  newSecret: (random) => random.chars(32, ALPHANUMERIC).toLowerCase(),
  materialize: (fixture, _event, { now, random }) => shiftIsoTimes(renewIds(fixture, random), epochSeconds(now) - FIXTURE_EPOCH) as JsonObject,
  // Compact JSON in the docs' key order (the exact serialisation is unconfirmed; we sign what we send).
  serialize: (payload) => JSON.stringify(payload),
  sign(body, { credentials }) {
    if (credentials.secrets.length > 1) throw new UsageError("Truv signs with one access secret", "give --secret once: Truv has no rotation header");
    return {
      "Content-Type": "application/json",
      "User-Agent": "Truv-Webhook-Service/2.0",
      "X-WEBHOOK-SIGN": v1HexSignature(credentials.secrets[0]!, body),
    };
  },
  verify(body, headers, { secrets }) {
    const header = headers["x-webhook-sign"];
    if (!header) return fail("missing-header", "no X-WEBHOOK-SIGN header", "Truv signs every webhook; was the header stripped by a proxy?");
    if (!/^v1=[0-9a-f]{64}$/.test(header)) {
      return fail(
        "malformed",
        "X-WEBHOOK-SIGN is not v1=<64 lowercase hex>",
        "Truv's samples compare the whole header string: no spaces, no other scheme, lowercase hex",
      );
    }
    if (!secrets.some((s) => safeEqual(header, v1HexSignature(s, body)))) {
      return fail("mismatch", "v1 signature does not match the body with the access secret", MISMATCH_HINT);
    }
    return { ok: true };
  },
  describe: (payload) => describeFields(payload, "event_type", "webhook_id"),
  // Truv documents that it follows redirects; it publishes no retry schedule.
  followsRedirects: true,
  api: truvApi,
};
