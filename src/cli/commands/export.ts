import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../../lib/errors.js";
import { loadConfig, resolveUrl } from "../../config.js";
import { resolveProvider } from "../resolve.js";

export interface ExportOptions {
  url?: string;
  out: string;
  rate: number;
  duration: number;
  secret?: string[];
  account?: string;
  apiVersion?: string;
  force?: boolean;
  config?: string;
}

/**
 * `wh-sim export artillery <provider> <event|scenario>`: an Artillery test whose every request is
 * a fresh event signed by wh-sim's processor (`wh-sim/artillery`), ready for `artillery run` or
 * `artillery run-fargate`.
 */
export async function runExport(format: string, providerArg: string, what: string, opts: ExportOptions): Promise<void> {
  if (format !== "artillery") throw new UsageError(`cannot export "${format}"`, "wh-sim export artillery <provider> <event|scenario> --url …");
  const provider = await resolveProvider(providerArg);
  const { BUILTIN_SCENARIOS } = await import("../../scenarios/builtin.js");
  const scenario = BUILTIN_SCENARIOS.find((s) => s.provider === provider.id && s.name === what);
  const event = scenario ? undefined : provider.resolveEvent(what, {}).name;
  // The URL as trigger would take it: --url, $WH_SIM_URL, the config file, the default.
  const target = new URL(resolveUrl(provider.id, opts.url, await loadConfig(opts.config)));
  const path = `${target.pathname}${target.search}`;
  const variables: Record<string, string> = {
    whSimProvider: provider.id,
    ...(scenario ? { whSimScenario: scenario.name } : { whSimEvent: what }),
    ...(opts.secret?.length ? { whSimSecret: opts.secret.join(",") } : {}),
    ...(opts.account ? { whSimAccount: opts.account } : {}),
    ...(opts.apiVersion ? { whSimApiVersion: opts.apiVersion } : {}),
  };
  const steps = scenario ? scenario.steps.length : 1;
  const request = `      - post:\n          url: ${JSON.stringify(path)}\n          beforeRequest: "whSimSign"\n`;
  const test = [
    `# Made by \`wh-sim export artillery ${provider.id} ${what}\`: every request carries a fresh`,
    `# ${scenario ? `step of the ${scenario.name} scenario` : `${event} event`}, signed as ${provider.displayName} signs it, by wh-sim's processor.`,
    `#   artillery run wh-sim-load.yml`,
    `#   artillery run-fargate wh-sim-load.yml --packages package.json   # a package.json listing wh-sim`,
    "config:",
    `  target: ${JSON.stringify(target.origin)}`,
    `  processor: "./wh-sim-processor.mjs"`,
    "  phases:",
    `    - duration: ${opts.duration}`,
    `      arrivalRate: ${opts.rate}`,
    "  variables:",
    ...Object.entries(variables).map(([k, v]) => `    ${k}: [${JSON.stringify(v)}]`),
    "scenarios:",
    `  - name: ${JSON.stringify(`${provider.id} ${what}`)}`,
    "    flow:",
    request.repeat(steps).trimEnd(),
    "",
  ].join("\n");
  const processor = `// wh-sim's Artillery hook: a fresh, signed event per request (see wh-sim-load.yml).\nexport { whSimSign } from "wh-sim/artillery";\n`;
  const files = [
    [join(opts.out, "wh-sim-load.yml"), test],
    [join(opts.out, "wh-sim-processor.mjs"), processor],
  ] as const;
  for (const [file, text] of files) {
    try {
      await writeFile(file, text, { flag: opts.force ? "w" : "wx" });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(
        `cannot write ${file}: ${code === "EEXIST" ? "it exists" : (error as Error).message}`,
        code === "EEXIST" ? "pass --force to replace it" : "check --out",
      );
    }
    console.log(`wrote ${file}`);
  }
  console.error(`then: npm install wh-sim artillery && npx artillery run ${files[0][0]}`);
}
