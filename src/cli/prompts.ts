// The only importer of @inquirer/prompts; prompts appear only on a TTY, and clear themselves when done.
import { UsageError } from "../lib/errors.js";
import { availableProviders } from "../providers/registry.js";
import { fuzzyFilter } from "./fuzzy.js";
import { paint } from "./output.js";
import { resolveProvider } from "./resolve.js";

export interface Picked {
  provider: string;
  event: string;
  /** Only when the user chose it in the picker. */
  url?: string;
  /** The picker was used: the command line that does the same is worth printing. */
  interactive: boolean;
}

export const isInteractive = (): boolean => Boolean(process.stdin.isTTY && process.stdout.isTTY);

/** Fills in a missing provider or event interactively (and lets the user change the target), or explains what is missing. */
export async function chooseProviderAndEvent(provider: string | undefined, event: string | undefined, urlFor: (provider: string) => string): Promise<Picked> {
  if (provider && event) return { provider, event, interactive: false };
  if (!isInteractive()) {
    throw new UsageError(
      provider ? "missing the event name" : "missing the provider and event",
      provider
        ? `wh-sim trigger ${provider} <event>; wh-sim list ${provider} shows the events`
        : "wh-sim trigger <provider> <event>, e.g. wh-sim trigger stripe customer.created",
    );
  }
  const { select, search, input } = await prompts();
  const context = { clearPromptOnDone: true };
  const chosenProvider = provider ?? (await select({ message: "Provider", choices: availableProviders().map((id) => ({ value: id })) }, context));
  const { events } = await resolveProvider(chosenProvider);
  const name = await search(
    {
      message: "Event (type to search: `fc bal` finds financial_connections.account.refreshed_balance)",
      source: (term) => fuzzyFilter(term ?? "", events).map((e) => ({ value: e.name, name: e.name, description: e.description })),
    },
    context,
  );
  const variants = events.find((e) => e.name === name)?.variants ?? [];
  const variant = variants.length
    ? await select(
        { message: `${name} comes in variants`, choices: [{ name: "the default", value: "" }, ...variants.map((v) => ({ name: v, value: v }))] },
        context,
      )
    : "";
  const url = await input({ message: "Send to", default: urlFor(chosenProvider) }, context);
  return { provider: chosenProvider, event: variant ? `${name}@${variant}` : name, url, interactive: true };
}

/** `wh-sim` alone on a terminal: what to do. */
export async function chooseStart(): Promise<"trigger" | "demo" | "help"> {
  const { select } = await prompts();
  return select(
    {
      message: "wh-sim: what would you like to do?",
      choices: [
        { name: "Send an event to your app (pick a provider and an event)", value: "trigger" as const },
        { name: "Run the demo (a listener and one event of every provider)", value: "demo" as const },
        { name: "Show the commands", value: "help" as const },
      ],
    },
    { clearPromptOnDone: true },
  );
}

/** Prompts in colour only when wh-sim's output is (NO_COLOR, --no-color): their library reads the environment. */
async function prompts() {
  if (paint.level === 0) process.env.NO_COLOR = "1";
  else process.env.FORCE_COLOR ??= String(paint.level);
  return import("@inquirer/prompts");
}
