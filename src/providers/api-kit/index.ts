// The provider-API kit: what Stripe's, Plaid's, Truv's and Bridge's offline APIs are built from.
export type { ApiAnswer, ApiCall, ApiContext, ApiEvent, ProviderApi, WebhookDelivery, WorldView } from "./types.js";
export { findRoute, prefixMatch, type ApiRoute, type RouteAnswer } from "./routes.js";
export { applyOnce } from "./apply-once.js";
export { collection, type Collection } from "./collection.js";
export { endpointRegistry, type RegisteredEndpoint } from "./endpoints.js";
export { between, cents, isoDate, jsonBody, pick, text } from "./values.js";
