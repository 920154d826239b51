// The shapes both the provider interface (types.ts) and the API kit (api-kit/types.ts) use.

/** Headers by lower-case name. */
export type HeaderMap = Record<string, string>;

/** Which fixture an event name means: a listed event, one of its variants, or a stand-in fixture. */
export interface EventChoice {
  /** The event name the delivery carries. */
  readonly name: string;
  /** A shipped alternative, `fixtures/<provider>/<name>@<variant>.json`. */
  readonly variant?: string;
  /** The fixture to load when it is not the event's own (a Standard Webhooks event of the user's). */
  readonly fixture?: string;
}
