// The only importer of @inquirer/prompts; prompts appear only on a TTY.
import { UsageError } from "../lib/errors.js";
import { availableProviders } from "../providers/registry.js";
import { resolveProvider } from "./resolve.js";

/** Fills in a missing provider or event interactively, or explains what is missing. */
export async function chooseProviderAndEvent(provider?: string, event?: string): Promise<{ provider: string; event: string }> {
  if (provider && event) return { provider, event };
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError(
      provider ? "missing the event name" : "missing the provider and event",
      provider
        ? `wh-sim trigger ${provider} <event>; wh-sim list ${provider} shows the events`
        : "wh-sim trigger <provider> <event>, e.g. wh-sim trigger stripe customer.created",
    );
  }
  const { select, search } = await import("@inquirer/prompts");
  const chosenProvider = provider ?? (await select({ message: "Provider", choices: availableProviders().map((id) => ({ value: id })) }));
  const { events } = await resolveProvider(chosenProvider);
  const chosenEvent = await search({
    message: "Event (type to filter)",
    source: (term) => {
      const t = (term ?? "").toLowerCase();
      return events
        .filter((e) => e.name.toLowerCase().includes(t))
        .slice(0, 50)
        .map((e) => ({ value: e.name, name: e.name, description: e.description }));
    },
  });
  return { provider: chosenProvider, event: chosenEvent };
}
