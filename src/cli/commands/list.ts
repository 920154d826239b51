import { availableProviders, loadCatalogue } from "../../providers/registry.js";
import type { EventInfo, ProviderCatalogue } from "../../providers/types.js";
import { paint, plural } from "../output.js";
import { resolveProviderId } from "../resolve.js";
import { stdoutIsTerminal, writeOut } from "../stdout.js";

export async function runList(providerArg: string | undefined, opts: { json?: boolean; scenarios?: boolean }): Promise<void> {
  // Catalogues only: listing loads none of the providers' signing code.
  const providers = providerArg ? [await loadCatalogue(resolveProviderId(providerArg))] : await Promise.all(availableProviders().map(loadCatalogue));
  if (opts.scenarios)
    return listScenarios(
      providers.map((p) => p.id),
      opts.json,
    );
  if (opts.json) {
    const rows = providers.flatMap((p) => p.events.map((e) => ({ provider: p.id, ...e })));
    return writeOut(`${JSON.stringify(rows, null, 2)}\n`);
  }
  // On a terminal each line fits its width; in a pipe lines stay whole, for grep.
  const columns = stdoutIsTerminal() ? process.stdout.columns : undefined;
  // Hundreds of lines: written at once, not one console.log each.
  const out: string[] = [];
  for (const provider of providers) {
    const thin = provider.events.filter((e) => e.flags?.includes("thin")).length;
    const count = `${plural(provider.events.length - thin, "event")}${thin ? ` and ${thin} thin ones` : ""}`;
    out.push(paint.bold(`${provider.id} — ${provider.displayName} (${count})`));
    const width = Math.min(60, Math.max(...provider.events.map((e) => e.name.length)));
    for (const [group, events] of groups(provider)) {
      if (group) out.push(paint.bold(`  ${group}`));
      const indent = group ? "    " : "  ";
      for (const event of events) out.push(fit(`${indent}${event.name.padEnd(width)}  `, describe(event), columns));
    }
  }
  writeOut(`${out.join("\n")}\n`);
}

async function listScenarios(providers: readonly string[], json: boolean | undefined): Promise<void> {
  const { BUILTIN_SCENARIOS } = await import("../../scenarios/builtin.js");
  const scenarios = BUILTIN_SCENARIOS.filter((s) => providers.includes(s.provider));
  if (json)
    return void console.log(
      JSON.stringify(
        scenarios.map(({ provider, name, description, steps }) => ({ provider, name, description, steps: steps.map((s) => s.event) })),
        null,
        2,
      ),
    );
  const width = Math.max(...scenarios.map((s) => `${s.provider} ${s.name}`.length));
  for (const s of scenarios) {
    console.log(`  ${`${s.provider} ${s.name}`.padEnd(width)}  ${paint.dim(`${s.description} (${plural(s.steps.length, "step")})`)}`);
  }
}

function groups(provider: ProviderCatalogue): Map<string, EventInfo[]> {
  const byGroup = new Map<string, EventInfo[]>();
  for (const event of provider.events) {
    const group = provider.groupOf?.(event.name) ?? "";
    const members = byGroup.get(group);
    if (members) members.push(event);
    else byGroup.set(group, [event]);
  }
  // Plain code-unit order: group names are ASCII, and localeCompare would load ICU's collator.
  return new Map([...byGroup].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function describe(event: EventInfo): string {
  const flags = event.flags?.length ? ` [${event.flags.join(", ")}]` : "";
  const variants = event.variants?.length ? ` (variants: ${event.variants.join(", ")})` : "";
  return `${stripMarkdown(event.description)}${flags}${variants}`;
}

/** The name and its description on one line, the description cut to the terminal's width. */
function fit(name: string, description: string, columns: number | undefined): string {
  const room = columns === undefined ? Infinity : columns - name.length;
  if (room < 2) return name.trimEnd();
  const text = room >= description.length ? description : `${description.slice(0, room - 1)}…`;
  return `${name}${paint.dim(text)}`;
}

/** Descriptions come from providers' docs in Markdown: links become their text, code and emphasis plain. */
export function stripMarkdown(text: string): string {
  // Most descriptions have no markup: one scan, not four replacements (list strips hundreds).
  if (!MARKUP.test(text)) return text;
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, "$1$2")
    .replace(/(^|\W)[*_]([^*_]+)[*_](?=\W|$)/g, "$1$2");
}

const MARKUP = /[[`*_]/;
