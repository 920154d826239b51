import type { ProviderCatalogue } from "../types.js";
import { TRUV_EVENTS } from "./events.generated.js";

export const truvCatalogue: ProviderCatalogue = { id: "truv", displayName: "Truv", events: TRUV_EVENTS };
