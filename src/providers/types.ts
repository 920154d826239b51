import type { KeyObject } from "node:crypto";
import type { Json, JsonObject } from "../lib/json.js";
import type { Random } from "../lib/random.js";
import type { ProviderApi } from "./api-kit/types.js";
import type { EventChoice, HeaderMap } from "./shared-types.js";

export const PROVIDER_IDS = ["stripe", "plaid", "truv", "bridge", "standard"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export type { Json, JsonObject } from "../lib/json.js";
export type { Random } from "../lib/random.js";

/** Headers as plain lower-case name → value pairs (what a receiver sees). */
export interface EventInfo {
  readonly name: string;
  readonly description: string;
  /** e.g. "deprecated", "unconfirmed", "hidden from docs". */
  readonly flags?: readonly string[];
  /** Named alternatives shipped as `<event>@<variant>.json`. */
  readonly variants?: readonly string[];
}

/** A P-256 key pair Plaid-style: the private half signs, the JWK is served by `listen`. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: JsonObject;
}

export interface HmacCredentials {
  readonly kind: "hmac";
  /** Several secrets = rotation: the provider signs with each. */
  readonly secrets: readonly string[];
}

export interface KeypairCredentials {
  readonly kind: "keypair";
  readonly key: SigningKey;
}

export type Credentials = HmacCredentials | KeypairCredentials;

export interface SignContext<C extends Credentials = Credentials> {
  readonly credentials: C;
  /** The delivery time; providers never read the clock themselves. */
  readonly now: Date;
  /** Deterministic randomness for header fields such as Standard Webhooks' `webhook-id`. */
  readonly random: Random;
  readonly options: ProviderOptions;
  /** The headers of an earlier delivery of the same message: a redelivery keeps what the provider keeps (Standard Webhooks' `webhook-id`). */
  readonly redeliveryOf?: HeaderMap;
}

/** How a provider retries a delivery that failed, as it publishes it. */
export interface RetryPolicy {
  /** Seconds to wait before each retry, in order. */
  readonly delays: readonly number[];
  /** How long it waits for an answer. */
  readonly timeoutMs: number;
  /** Which statuses count as delivered. */
  readonly success: "200" | "2xx";
  /** Where the schedule comes from; "approximation" when the provider publishes no exact one. */
  readonly source: string;
  /** An answer header that stops the retries (Svix's `webhook-delivery: abort-message`). */
  readonly abortHeader?: readonly [name: string, value: string];
}

export interface VerifyContext {
  /** HMAC secrets to accept (rotation: any may match). */
  readonly secrets: readonly string[];
  /** Public JWKs by kid, for Plaid. */
  readonly jwks?: readonly JsonObject[];
  readonly now: Date;
}

export type FailureReason = "missing-header" | "malformed" | "mismatch" | "body-changed" | "stale" | "future" | "unknown-key" | "expired-key";

export type Verdict =
  { readonly ok: true; readonly detail?: string } | { readonly ok: false; readonly reason: FailureReason; readonly message: string; readonly hint: string };

export interface MaterializeContext {
  readonly now: Date;
  readonly random: Random;
  readonly options: ProviderOptions;
}

/** An event's bytes made from a template, and what `describe` would say of them. */
export interface QuickRendering {
  readonly body: string;
  readonly described: { readonly event?: string; readonly id?: string };
}

/** The provider-specific flags: `--account`, `--api-version`, `--timestamp-unit`, `--svix`, `--signature-diagnostics`. */
export type ProviderOptionName = "account" | "apiVersion" | "timestampUnit" | "svix" | "signatureDiagnostics";

/** Provider-specific flags after parsing. */
export type ProviderOptions = Readonly<Partial<Record<ProviderOptionName, string | boolean | undefined>>>;

// The API capability's shapes live in the API kit; the shapes both use in their own module (no circle).
export type { ApiAnswer, ApiCall, ApiContext, ApiEvent, ProviderApi, WebhookDelivery, WorldView } from "./api-kit/types.js";
export type { EventChoice, HeaderMap } from "./shared-types.js";

/** What a provider's events are, without any of its behaviour: all `wh-sim list` needs. */
export interface ProviderCatalogue {
  readonly id: ProviderId;
  readonly displayName: string;
  readonly events: readonly EventInfo[];
  /** The product area an event belongs to, for `wh-sim list` (e.g. Stripe's "Billing"). */
  groupOf?(event: string): string;
}

interface ProviderCore extends ProviderCatalogue {
  /** Lower-case headers whose presence identifies this provider's deliveries. */
  readonly signatureHeaders: readonly string[];
  /** The event `wh-sim demo` sends for this provider. */
  readonly demoEvent: string;
  /** The provider-specific flags it takes; any other is a usage error for it. */
  readonly options: readonly ProviderOptionName[];
  /**
   * What the user typed (`customer.created`, `sync_updates_available`, `ITEM.ERROR@institution_down`)
   * → the fixture to send, given the provider options (Bridge's `--api-version` picks a variant);
   * a UsageError with the nearest names when there is none.
   */
  resolveEvent(input: string, options: ProviderOptions): EventChoice;
  /** Signing a time along with the body (Stripe's `t`, Plaid's `iat`); absent for Truv and Bridge, which sign the body alone. */
  readonly signedTime?: SignedTime;
  /** The provider's published retry schedule for these options; undefined when it publishes none. */
  retryPolicy?(options: ProviderOptions): RetryPolicy | undefined;
  /** Whether the provider follows an HTTP redirect to deliver (only Truv says it does). */
  readonly followsRedirects?: boolean;
  /** What the provider knows about editing its events; absent: edits are plain dot paths, nothing derived. */
  readonly editing?: Editing;
  /** Fresh ids, current timestamps and provider options applied to a parsed fixture. */
  materialize(fixture: JsonObject, event: string, ctx: MaterializeContext): JsonObject;
  /**
   * The bytes `serialize(materialize(fixture, event, ctx))` gives and what `describe` says of them,
   * made from a template compiled once per fixture (bulk sends make thousands a second); undefined
   * when the provider cannot promise the same bytes for this fixture and these options.
   */
  renderFromTemplate?(fixture: JsonObject, event: string, ctx: MaterializeContext): QuickRendering | undefined;
  /** The provider's wire format: key order, indentation, trailing newline. */
  serialize(payload: Json): string;
  verify(body: Uint8Array, headers: HeaderMap, ctx: VerifyContext): Verdict;
  /** The provider's API, answered by `listen` as the provider would (Plaid's). */
  readonly api?: ProviderApi;
  /** The event name and id a delivery carries (body and lower-case headers), for display. */
  describe(payload: unknown, headers: HeaderMap): { event?: string; id?: string };
}

/** The signed-time capability: how receivers judge the time, and reading it back from a delivery. */
export interface SignedTime {
  /** How long receivers accept a signed time, in seconds. */
  readonly toleranceSeconds: number;
  /** Whether a time in the future passes (stripe-node accepts one; the Standard Webhooks libraries and jose do not). */
  readonly futureAccepted: boolean;
  /** When a delivery was signed, read from its headers; undefined when they carry no time. */
  at(headers: HeaderMap): Date | undefined;
}

/** The editing capability: the Stripe CLI's `resource:path` edits, and fields derived from others. */
export interface Editing {
  /** Where a `resource:path` edit points in an event (`customer:name` → data.object). */
  resourcePath?(resource: string, payload: JsonObject): readonly string[] | undefined;
  /** Keeps fields derived from others true after the user's edits (the paths they set, added or removed). */
  reconcile?(payload: JsonObject, editedPaths: readonly (readonly string[])[]): void;
}

/** A provider that signs with shared secrets (HMAC): a built-in test secret, and fresh ones on request. */
export interface HmacProvider extends ProviderCore {
  readonly credentialKind: "hmac";
  /** Whether, while rotating secrets, it sends one signature per secret (Truv signs with one secret only). */
  readonly signsWithEachSecret: boolean;
  readonly testSecret: string;
  newSecret(random: Random): string;
  /** All request headers the provider sends with `body` (signature included). */
  sign(body: string, ctx: SignContext<HmacCredentials>): HeaderMap;
}

/** A provider that signs with a key pair whose public half receivers fetch (Plaid). */
export interface KeypairProvider extends ProviderCore {
  readonly credentialKind: "keypair";
  sign(body: string, ctx: SignContext<KeypairCredentials>): HeaderMap;
}

export type Provider = HmacProvider | KeypairProvider;
