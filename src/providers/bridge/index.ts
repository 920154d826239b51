import { UsageError } from "../../lib/errors.js";
import { mapJson } from "../../lib/json.js";
import { renewIds } from "../../lib/renew-ids.js";
import { epochSeconds, FIXTURE_EPOCH, shiftIsoTimes } from "../../lib/times.js";
import { ALPHANUMERIC, hmacSha256, safeEqual } from "../../lib/crypto.js";
import { describeFields } from "../describe.js";
import { v1HexSignature } from "../hmac-hex.js";
import { findListedEvent } from "../find-event.js";
import { bridgeCatalogue } from "./catalogue.js";
import type { HmacProvider, Json, JsonObject, Random } from "../types.js";
import { fail, MISMATCH_HINT } from "../verdict.js";
import { BRIDGE_EVENTS } from "./events.generated.js";
import { bridgeApi } from "./api/index.js";

export const BRIDGE_VERSIONS = ["2021.06.01", "2025-01-15"] as const;
const LATEST = "2025-01-15";

/**
 * Bridge (bridgeapi.io, by Bankin'): `BridgeApi-Signature: v1=<UPPERCASE hex>`, two values joined
 * by a bare comma during rotation; Bridge's own Sylius plugin splits on "," and compares against
 * strtoupper(hash_hmac(...)) (docs/providers.md, Bridge).
 */
export const bridge: HmacProvider = {
  ...bridgeCatalogue,
  signatureHeaders: ["bridgeapi-signature"],
  demoEvent: "item.account.updated",
  options: ["apiVersion", "timestampUnit"],
  credentialKind: "hmac",
  signsWithEachSecret: true,
  testSecret: "wh_sim_bridge_test_webhook_secret",
  newSecret: (random) => random.chars(40, ALPHANUMERIC),
  // `--api-version` picks the version's variant unless the user named one (`item.refreshed@login_failed`).
  resolveEvent(input, { apiVersion }) {
    const choice = findListedEvent("bridge", BRIDGE_EVENTS, input);
    if (choice.variant) return choice;
    const event = choice.name;
    const version = typeof apiVersion === "string" ? apiVersion : LATEST;
    if (!(BRIDGE_VERSIONS as readonly string[]).includes(version)) {
      throw new UsageError(`unknown Bridge API version "${version}"`, `use --api-version ${BRIDGE_VERSIONS.join(" or ")}`);
    }
    const info = BRIDGE_EVENTS.find((e) => e.name === event)!;
    if (!info.versions.includes(version))
      throw new UsageError(`${event} is not an event of Bridge API version ${version}`, `it exists since ${info.versions[0]}`);
    return info.variants?.includes(version) ? { name: event, variant: version } : choice;
  },
  materialize(fixture, _event, { now, random, options }) {
    const renewed = shiftIsoTimes(renewIds(fixture, random), epochSeconds(now) - FIXTURE_EPOCH) as JsonObject;
    const content = renewIntegerIds(renewed.content ?? {}, random);
    // ms everywhere in the docs except TEST_EVENT, which uses seconds; --timestamp-unit overrides.
    const unit = options.timestampUnit ?? (renewed.type === "TEST_EVENT" ? "s" : "ms");
    return { ...renewed, content, timestamp: unit === "s" ? epochSeconds(now) : now.getTime() };
  },
  serialize: (payload) => JSON.stringify(payload),
  sign(body, { credentials }) {
    return {
      "Content-Type": "application/json",
      "BridgeApi-Signature": credentials.secrets.map((s) => v1HexSignature(s, body, true)).join(","),
    };
  },
  verify(body, headers, { secrets }) {
    const header = headers["bridgeapi-signature"];
    if (!header) return fail("missing-header", "no BridgeApi-Signature header", "Bridge signs every webhook; was the header stripped by a proxy?");
    const parts = header.split(",");
    if (parts.some((p) => !/^v1=[0-9A-Fa-f]{64}$/.test(p))) {
      return fail("malformed", "BridgeApi-Signature is not v1=<HEX>[,v1=<HEX>]", "Bridge's plugin rejects spaces after the comma and any scheme but v1");
    }
    const expected = secrets.map((s) => hmacSha256(s, body));
    const match = parts.find((p) => expected.some((e) => safeEqual(Buffer.from(p.slice(3), "hex"), e)));
    if (!match) return fail("mismatch", "no v1 signature matches the body with the webhook secret", MISMATCH_HINT);
    return match.slice(3) === match.slice(3).toUpperCase() ? { ok: true } : { ok: true, detail: "lowercase hex: Bridge's plugin expects uppercase" };
  },
  describe: (payload) => {
    const { event } = describeFields(payload, "type");
    const content = (payload as { content?: Record<string, unknown> } | null)?.content;
    const id = content?.payment_transaction_id ?? content?.account_id ?? content?.item_id ?? content?.user_uuid;
    return { ...(event ? { event } : {}), ...(id !== undefined ? { id: String(id) } : {}) };
  },
  api: bridgeApi,
};

/** Integer ids (`item_id`, `account_id`) renewed with the same number of digits, consistently. */
function renewIntegerIds(content: Json, random: Random): Json {
  const renewed = new Map<number, number>();
  return mapJson(content, (value, key) => {
    if (typeof value !== "number" || !Number.isInteger(value) || !key?.endsWith("_id")) return value;
    let next = renewed.get(value);
    if (next === undefined) {
      const digits = String(value).length;
      next = Number(random.chars(1, "123456789") + random.chars(digits - 1, "0123456789"));
      renewed.set(value, next);
    }
    return next;
  });
}
