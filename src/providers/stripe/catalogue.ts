import type { EventInfo, ProviderCatalogue } from "../types.js";
import { STRIPE_EVENTS } from "./events.generated.js";
import { stripeProductArea } from "./product-areas.js";
import { STRIPE_THIN_EVENTS } from "./thin-events.generated.js";

/** Snapshot (v1) events, then the thin ones (flagged "thin"): what `wh-sim list stripe` shows. */
export const ALL_STRIPE_EVENTS: readonly EventInfo[] = [...STRIPE_EVENTS, ...STRIPE_THIN_EVENTS];

export const stripeCatalogue: ProviderCatalogue = { id: "stripe", displayName: "Stripe", events: ALL_STRIPE_EVENTS, groupOf: stripeProductArea };
