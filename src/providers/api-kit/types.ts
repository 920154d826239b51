import type { Json, JsonObject } from "../../lib/json.js";
import type { Random } from "../../lib/random.js";
import type { EventChoice, HeaderMap } from "../shared-types.js";

// The API capability's shapes: the calls a handler makes back to a provider, and their answers.

/**
 * What an API handler keeps between calls: documents by kind and id. The listener keeps them
 * under $WH_SIM_HOME (a restarted listener answers the same), and `trigger` reads them too.
 */
export interface WorldView {
  get<T>(kind: string, id: string): T | undefined;
  put(kind: string, id: string, doc: unknown): void;
  /** The ids of every document of a kind, the most recently written first. */
  list(kind: string): string[];
}

/** A call to a provider's API, as the listener received it. */
export interface ApiCall {
  readonly method: string;
  /** The path without its query. */
  readonly path: string;
  readonly query: string;
  readonly headers: HeaderMap;
  readonly body: Uint8Array;
}

/** What an API handler may use: the world, the clock, randomness, and the provider's answer templates (parsed, a fresh copy each). */
export interface ApiContext {
  readonly world: WorldView;
  readonly now: Date;
  readonly random: Random;
  /** The secrets the listener verifies this provider's webhooks with (Truv's API takes the access secret it signs with). */
  readonly secrets: readonly string[];
  /** The public keys it verifies a key-pair provider's webhooks with (Plaid's key endpoint serves them). */
  readonly keys: readonly JsonObject[];
  template(name: string): JsonObject;
  /** A shipped event fixture, parsed (a fresh copy): an object of a type no event sent yet. */
  fixture(choice: EventChoice): Promise<JsonObject>;
}

/** A webhook an API call causes: sent as the provider sends it, to `url`. */
export interface ApiEvent {
  /** Where to; "" for the listener's --forward-to target (not sent when it has none). */
  readonly url: string;
  readonly event: string;
  /** Deep-merged into the event's fixture (the item, the codes the call decided). */
  readonly data: JsonObject;
  /** Signed with these (a registered endpoint's own secret); default: the secrets the listener verifies with. */
  readonly secrets?: readonly string[];
  /** Provider options for the delivery (Stripe's `apiVersion` of the endpoint, `account`). */
  readonly options?: Readonly<Record<string, string>>;
  /** Events with the same key are one event delivered to several URLs: the same id and body (Stripe's to each endpoint). */
  readonly same?: string;
  /** Which target this is, shown beside the URL (`endpoint we_…`); the --forward-to target's is said by the listener. */
  readonly target?: string;
  /** Where to register a URL for such events, said when one goes nowhere (`POST /v1/webhook_endpoints`). */
  readonly register?: string;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: Json;
  /** Headers the provider sends with the answer (Stripe's Request-Id). */
  readonly headers?: HeaderMap;
  /** What the call was about, for the listener's line (an item, an account). */
  readonly subject?: string;
  /** The provider's error code, when the answer is one. */
  readonly error?: string;
  readonly events?: readonly ApiEvent[];
}

/** A webhook delivery as its sender saw it: where, and what the receiver answered. */
export interface WebhookDelivery {
  readonly url: string;
  /** The receiver's status; null when it never answered. */
  readonly status: number | null;
  readonly error?: string;
}

/** The API capability: the calls a handler makes back to the provider, answered offline. */
export interface ProviderApi {
  /** Whether a request is a call to this provider's API (its paths and its authentication). */
  claims(call: ApiCall): boolean;
  /**
   * The path prefixes its calls start with (Stripe's `/v1/`, Truv's `/v1/users/`): a call two APIs
   * claim goes to the one with the longest matching prefix.
   */
  readonly prefixes: readonly string[];
  /** The template files the handlers read (`fixtures/<provider>/api/<name>.json`). */
  readonly templates: readonly string[];
  answer(call: ApiCall, ctx: ApiContext): ApiAnswer | Promise<ApiAnswer>;
  /**
   * A webhook of the provider's that was sent or received (its parsed body and exact bytes): what
   * it changes in the world, applied once however often it is seen. `caused`: the API itself
   * fired it, having made the change already (it is only remembered as seen).
   */
  observe?(payload: JsonObject, body: string, ctx: Pick<ApiContext, "world" | "now">, caused?: boolean): void;
  /** A webhook of the provider's that wh-sim sent was answered (Truv lists its deliveries). */
  delivered?(payload: JsonObject, delivery: WebhookDelivery, ctx: Pick<ApiContext, "world" | "now">): void;
}
