import type { EventInfo, ProviderCatalogue } from "../types.js";

export const STANDARD_EVENTS: readonly EventInfo[] = [
  { name: "ping", description: "A minimal test event; any other event name works too, with your own --payload." },
];

export const standardCatalogue: ProviderCatalogue = { id: "standard", displayName: "Standard Webhooks", events: STANDARD_EVENTS };
