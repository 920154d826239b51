export { resolveProvider, resolveProviderId } from "../providers/registry.js";
import { UsageError } from "../lib/errors.js";
import { closest } from "../lib/closest.js";
import { availableProviders, isProviderId, loadCatalogue } from "../providers/registry.js";
import { matchListedEvent } from "../providers/find-event.js";
import { paint } from "./output.js";

/**
 * `wh-sim trigger customer.created` (the Stripe CLI habit, no provider): when the one argument is
 * no provider but an event of exactly one provider, that provider, said in a one-line note; when
 * it is an event of several, a usage error that lists them. Anything else passes through.
 */
export async function inferProvider(first: string | undefined, second: string | undefined): Promise<[string | undefined, string | undefined]> {
  if (first === undefined || second !== undefined || isProviderId(first.toLowerCase())) return [first, second];
  const name = first.split("@")[0] ?? "";
  const providers = await Promise.all(availableProviders().map(loadCatalogue));
  const owners = providers.filter((p) => matchListedEvent(p.events, name) !== undefined);
  if (owners.length === 1) {
    const owner = owners[0]!;
    console.error(paint.dim(`note: ${first} is a ${owner.displayName} event: wh-sim trigger ${owner.id} ${first}`));
    return [owner.id, first];
  }
  if (owners.length > 1) {
    throw new UsageError(
      `${first} is an event of ${owners.map((p) => p.id).join(" and ")}`,
      `name the provider: ${owners.map((p) => `wh-sim trigger ${p.id} ${first}`).join(", or ")}`,
    );
  }
  const near = closest(name, [...availableProviders(), ...providers.flatMap((p) => p.events.map((e) => e.name))]);
  throw new UsageError(
    `"${first}" is neither a provider nor an event`,
    `${near.length ? `did you mean ${near.join(", ")}? ` : ""}wh-sim trigger <provider> <event>; wh-sim list shows them`,
  );
}
