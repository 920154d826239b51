import type { ProviderCatalogue } from "../types.js";
import { PLAID_EVENTS } from "./events.generated.js";

export const plaidCatalogue: ProviderCatalogue = { id: "plaid", displayName: "Plaid", events: PLAID_EVENTS };
