import { availableProviders, loadProvider } from "../../providers/registry.js";
import { paint } from "../output.js";
import { resolveProvider } from "../resolve.js";

export async function runList(providerArg: string | undefined, opts: { json?: boolean }): Promise<void> {
  const providers = providerArg ? [await resolveProvider(providerArg)] : await Promise.all(availableProviders().map(loadProvider));
  if (opts.json) {
    const rows = providers.flatMap((p) => p.events.map((e) => ({ provider: p.id, ...e })));
    return void console.log(JSON.stringify(rows, null, 2));
  }
  for (const provider of providers) {
    console.log(paint.bold(`${provider.id} — ${provider.displayName} (${provider.events.length} events)`));
    const width = Math.min(60, Math.max(...provider.events.map((e) => e.name.length)));
    for (const event of provider.events) {
      const flags = event.flags?.length ? paint.yellow(` [${event.flags.join(", ")}]`) : "";
      const variants = event.variants?.length ? paint.dim(` (variants: ${event.variants.join(", ")})`) : "";
      console.log(`  ${event.name.padEnd(width)}  ${paint.dim(event.description)}${flags}${variants}`);
    }
  }
}
