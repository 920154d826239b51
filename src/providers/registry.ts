import { closest } from "../lib/closest.js";
import { UsageError } from "../lib/errors.js";
import { PROVIDER_IDS, type Provider, type ProviderCatalogue, type ProviderId } from "./types.js";

// One line per provider; each loads only when used.
const loaders: Partial<Record<ProviderId, () => Promise<Provider>>> = {
  stripe: () => import("./stripe/index.js").then((m) => m.stripe),
  plaid: () => import("./plaid/index.js").then((m) => m.plaid),
  truv: () => import("./truv/index.js").then((m) => m.truv),
  bridge: () => import("./bridge/index.js").then((m) => m.bridge),
  standard: () => import("./standard/index.js").then((m) => m.standard),
};

// Each provider's events alone (no signing, no crypto): what listing and finding an event's provider need.
const catalogues: Record<keyof typeof loaders, () => Promise<ProviderCatalogue>> = {
  stripe: () => import("./stripe/catalogue.js").then((m) => m.stripeCatalogue),
  plaid: () => import("./plaid/catalogue.js").then((m) => m.plaidCatalogue),
  truv: () => import("./truv/catalogue.js").then((m) => m.truvCatalogue),
  bridge: () => import("./bridge/catalogue.js").then((m) => m.bridgeCatalogue),
  standard: () => import("./standard/catalogue.js").then((m) => m.standardCatalogue),
};

export function availableProviders(): ProviderId[] {
  return PROVIDER_IDS.filter((id) => loaders[id]);
}

/** The providers as a sentence names them ("stripe, plaid, truv, bridge or standard"), for help texts and schemas. */
export function providerList(): string {
  const ids = availableProviders();
  return `${ids.slice(0, -1).join(", ")} or ${ids.at(-1)!}`;
}

export function isProviderId(id: string): id is ProviderId {
  return Object.hasOwn(loaders, id);
}

export async function loadProvider(id: ProviderId): Promise<Provider> {
  const load = loaders[id];
  if (!load) throw new Error(`provider ${id} is not registered`);
  return load();
}

export async function loadCatalogue(id: ProviderId): Promise<ProviderCatalogue> {
  const load = catalogues[id];
  if (!load) throw new Error(`provider ${id} is not registered`);
  return load();
}

/** The provider a user named (any case), or a usage error with the nearest names. */
export async function resolveProvider(name: string): Promise<Provider> {
  return loadProvider(resolveProviderId(name));
}

/** The id of the provider a user named (any case), or a usage error with the nearest names. */
export function resolveProviderId(name: string): ProviderId {
  const id = name.toLowerCase();
  if (isProviderId(id)) return id;
  const known = availableProviders();
  const near = closest(id, known);
  throw new UsageError(`unknown provider "${name}"`, `${near.length ? `did you mean ${near.join(", ")}? ` : ""}providers: ${known.join(", ")}`);
}
