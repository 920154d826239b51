import { renewIds } from "../../lib/renew-ids.js";
import { epochSeconds, FIXTURE_EPOCH, shiftIsoTimes } from "../../lib/times.js";
import { findListedEvent } from "../find-event.js";
import { plaidCatalogue } from "./catalogue.js";
import type { JsonObject, KeypairProvider } from "../types.js";
import { PLAID_EVENTS } from "./events.generated.js";
import { jwtClaims, MAX_AGE_SECONDS, signPlaidJwt, verifyPlaidJwt } from "./jwt.js";
import { plaidApi } from "./api/index.js";
import { serializePlaid } from "./serialize.js";

export const plaid: KeypairProvider = {
  ...plaidCatalogue,
  signatureHeaders: ["plaid-verification"],
  demoEvent: "TRANSACTIONS.SYNC_UPDATES_AVAILABLE",
  options: [],
  resolveEvent: (input) => findListedEvent("plaid", PLAID_EVENTS, input),
  credentialKind: "keypair",
  materialize: (fixture, _event, { now, random }) => shiftIsoTimes(renewIds(fixture, random), epochSeconds(now) - FIXTURE_EPOCH) as JsonObject,
  serialize: serializePlaid,
  sign(body, { credentials, now }) {
    // Plaid documents no other request headers (docs/providers.md, Plaid): we send none we cannot source.
    return {
      "Content-Type": "application/json",
      "Plaid-Verification": signPlaidJwt(body, credentials.key.kid, credentials.key.privateKey, epochSeconds(now)),
    };
  },
  verify: (body, headers, ctx) => verifyPlaidJwt(body, headers["plaid-verification"], ctx.jwks ?? [], ctx.now),
  api: plaidApi,
  signedTime: {
    toleranceSeconds: MAX_AGE_SECONDS,
    futureAccepted: false,
    at: (headers) => {
      const iat = jwtClaims(headers["plaid-verification"])?.iat;
      return typeof iat === "number" ? new Date(iat * 1000) : undefined;
    },
  },
  retryPolicy: () => ({
    delays: plaidRetryDelays(),
    timeoutMs: 10_000,
    success: "200",
    source: "Plaid: from 30 s, each delay 4x the previous, for up to 24 h; 10 s timeout",
  }),
  describe(payload) {
    const p = payload as JsonObject | null;
    const type = p?.webhook_type;
    const code = p?.webhook_code;
    const id = p?.item_id ?? p?.account_id ?? p?.user_id;
    return {
      ...(typeof type === "string" && typeof code === "string" ? { event: `${type}.${code}` } : {}),
      ...(typeof id === "string" ? { id } : {}),
    };
  },
};

/** 30 s, then each delay 4x the previous, as long as the retries stay within 24 h of the first attempt. */
function plaidRetryDelays(): number[] {
  const delays: number[] = [];
  for (let delay = 30, total = 30; total <= 24 * 3600; delay *= 4, total += delay) delays.push(delay);
  return delays;
}
