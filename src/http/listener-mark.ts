/**
 * The header a `wh-sim listen` puts on the answers it gives itself (not on an app's answers it
 * relays): a sender that reaches a listener instead of the app can say so, rather than judge the
 * listener's 200 as the app's.
 */
export const LISTENER_MARK = { name: "x-wh-sim", value: "listener" } as const;

export const answeredByListener = (headers: Readonly<Record<string, string>> | undefined): boolean => headers?.[LISTENER_MARK.name] === LISTENER_MARK.value;
