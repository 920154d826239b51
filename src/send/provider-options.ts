import { UsageError } from "../lib/errors.js";
import type { Provider, ProviderOptionName, ProviderOptions } from "../providers/types.js";

const FLAGS: Record<ProviderOptionName, string> = {
  account: "--account",
  apiVersion: "--api-version",
  timestampUnit: "--timestamp-unit",
  svix: "--svix",
  signatureDiagnostics: "--signature-diagnostics",
};

/** The provider-specific flags given, checked against what the provider takes: one meant for another provider is a usage error, never ignored. */
export function providerOptions(provider: Provider, given: Partial<Record<ProviderOptionName, string | boolean | undefined>>): ProviderOptions {
  const options: Partial<Record<ProviderOptionName, string | boolean>> = {};
  for (const name of Object.keys(FLAGS) as ProviderOptionName[]) {
    const value = given[name];
    if (value === undefined) continue;
    if (!provider.options.includes(name)) {
      const takers = provider.options.length
        ? `${provider.displayName} takes ${provider.options.map((n) => FLAGS[n]).join(", ")}`
        : `${provider.displayName} takes none of them`;
      throw new UsageError(`${FLAGS[name]} does not apply to ${provider.id}`, `${FLAGS[name]} is for another provider; ${takers}`);
    }
    options[name] = value;
  }
  return options;
}
