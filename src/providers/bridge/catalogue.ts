import type { ProviderCatalogue } from "../types.js";
import { BRIDGE_EVENTS } from "./events.generated.js";

export const bridgeCatalogue: ProviderCatalogue = { id: "bridge", displayName: "Bridge (bridgeapi.io)", events: BRIDGE_EVENTS };
