import { UsageError } from "../lib/errors.js";
import { closest } from "../lib/closest.js";
import { availableProviders, isProviderId, loadProvider } from "../providers/registry.js";
import type { Provider } from "../providers/types.js";

/** The provider named on the command line, or a usage error with the nearest names. */
export async function resolveProvider(name: string): Promise<Provider> {
  const id = name.toLowerCase();
  if (!isProviderId(id)) {
    const known = availableProviders();
    const near = closest(id, known);
    throw new UsageError(`unknown provider "${name}"`, `${near.length ? `did you mean ${near.join(", ")}? ` : ""}providers: ${known.join(", ")}`);
  }
  return loadProvider(id);
}
