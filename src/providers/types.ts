import type { KeyObject } from "node:crypto";

export const PROVIDER_IDS = ["stripe", "plaid", "truv", "bridge", "standard"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Headers as plain lower-case name → value pairs (what a receiver sees). */
export type HeaderMap = Record<string, string>;

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

export type Credentials =
  | { readonly kind: "hmac"; readonly secrets: readonly string[] }
  | { readonly kind: "keypair"; readonly key: SigningKey };

export interface SignContext {
  readonly credentials: Credentials;
  /** The delivery time; providers never read the clock themselves. */
  readonly now: Date;
  /** Deterministic randomness for header fields such as Standard Webhooks' `webhook-id`. */
  readonly random: Random;
  readonly options: ProviderOptions;
}

export interface VerifyContext {
  /** HMAC secrets to accept (rotation: any may match). */
  readonly secrets: readonly string[];
  /** Public JWKs by kid, for Plaid. */
  readonly jwks?: readonly JsonObject[];
  readonly now: Date;
}

export type FailureReason =
  | "missing-header"
  | "malformed"
  | "mismatch"
  | "body-changed"
  | "stale"
  | "future"
  | "unknown-key"
  | "expired-key";

export type Verdict =
  | { readonly ok: true; readonly detail?: string }
  | { readonly ok: false; readonly reason: FailureReason; readonly message: string; readonly hint: string };

export interface MaterializeContext {
  readonly now: Date;
  readonly random: Random;
  readonly options: ProviderOptions;
}

/** Provider-specific flags (`--account`, `--api-version`, `--svix`, …) after parsing. */
export type ProviderOptions = Readonly<Record<string, string | boolean | undefined>>;

export interface Random {
  /** Characters drawn from `alphabet`. */
  chars(length: number, alphabet: string): string;
  bytes(length: number): Buffer;
}

/** An endpoint `listen` serves for a provider, e.g. Plaid's webhook key endpoint. */
export interface CompanionRoute {
  readonly method: "POST" | "GET";
  readonly path: string;
  readonly description: string;
  handle(request: { headers: HeaderMap; body: Uint8Array }): { status: number; body: string };
}

export interface Provider {
  readonly id: ProviderId;
  readonly displayName: string;
  /** Lower-case headers whose presence identifies this provider's deliveries. */
  readonly signatureHeaders: readonly string[];
  readonly events: readonly EventInfo[];
  /** The fixture used for event names the provider does not list (Standard Webhooks: any sender's). */
  readonly anyEvent?: string;
  /** The variant an option selects (Bridge's `--api-version`); throws a UsageError if the event has none. */
  variantFor?(event: string, options: ProviderOptions): string | undefined;
  /** The event `wh-sim demo` sends for this provider. */
  readonly demoEvent: string;
  /** How credentials are made: shared HMAC secrets or Plaid's key pair. */
  readonly credentialKind: Credentials["kind"];
  /** The built-in test secret (HMAC providers). */
  readonly testSecret?: string;
  newSecret?(random: Random): string;
  /** Fresh ids, current timestamps and provider options applied to a parsed fixture. */
  materialize(fixture: JsonObject, event: string, ctx: MaterializeContext): JsonObject;
  /** The provider's wire format: key order, indentation, trailing newline. */
  serialize(payload: Json): string;
  /** All request headers the provider sends with `body` (signature included). */
  sign(body: string, ctx: SignContext): HeaderMap;
  verify(body: Uint8Array, headers: HeaderMap, ctx: VerifyContext): Verdict;
  /** Endpoints `listen` serves for this provider, built from the keys it verifies with. */
  companionRoutes?(ctx: Omit<VerifyContext, "now">, random: Random): readonly CompanionRoute[];
  /** The event name and id a delivery carries, for display. */
  describe(payload: unknown, headers: HeaderMap): { event?: string; id?: string };
}
