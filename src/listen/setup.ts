import type { Config } from "../config.js";
import { secretsByProvider, verifierFor } from "../credentials.js";
import { availableProviders, loadProvider } from "../providers/registry.js";
import type { Provider, ProviderId } from "../providers/types.js";
import type { KnownProvider } from "./inspect.js";

export interface VerifierSetup {
  providers: Provider[];
  known: KnownProvider[];
  /** Each provider's secret or key as the start-up lines show it, and where it came from. */
  secrets: { provider: ProviderId; shown: string }[];
}

/** Every provider with the secrets (or keys) its deliveries are checked against. */
export async function setUpVerifiers(secretSpecs: readonly string[] | undefined, config: Config): Promise<VerifierSetup> {
  const providers = await Promise.all(availableProviders().map(loadProvider));
  const flags = secretsByProvider(
    secretSpecs,
    providers.map((p) => p.id),
  );
  const known: KnownProvider[] = [];
  const secrets: VerifierSetup["secrets"] = [];
  for (const provider of providers) {
    const { verify, shown } = await verifierFor(provider, flags.get(provider.id), config);
    known.push({ provider, verify });
    secrets.push({ provider: provider.id, shown });
  }
  return { providers, known, secrets };
}
