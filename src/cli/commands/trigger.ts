import { loadConfig, resolveUrl } from "../../config.js";
import { signingCredentials } from "../../credentials.js";
import { parseHeaders, prepareDelivery, readInput, readJsonObject, SEEDED_CLOCK } from "../../delivery.js";
import { WhSimError } from "../../errors.js";
import { findEvent } from "../../fixtures/find-event.js";
import { deliver } from "../../http/deliver.js";
import { statusMatches } from "../options.js";
import { formatDryRun, formatCurl, formatDelivery, type DeliveryReport } from "../format-delivery.js";
import { chooseProviderAndEvent } from "../prompts.js";
import { resolveProvider } from "../resolve.js";

export interface TriggerOptions {
  url?: string; secret?: string[]; override?: string[]; data?: string; payload?: string; header?: string[];
  account?: string; apiVersion?: string; timestampUnit?: string; svix?: boolean; expect: string; timeout: number; insecure?: boolean; ca?: string;
  dryRun?: boolean; print?: "curl"; json?: boolean; seed?: string; at?: number; config?: string;
}

export async function runTrigger(providerArg: string | undefined, eventArg: string | undefined, opts: TriggerOptions): Promise<void> {
  const picked = await chooseProviderAndEvent(providerArg, eventArg);
  const provider = await resolveProvider(picked.provider);
  const options = { account: opts.account, apiVersion: opts.apiVersion, timestampUnit: opts.timestampUnit, svix: opts.svix };
  const choice = findEvent(provider, picked.event, options);
  const config = await loadConfig(opts.config);
  const url = resolveUrl(provider.id, opts.url, config);
  const prepared = await prepareDelivery(provider, {
    choice,
    credentials: await signingCredentials(provider, opts.secret, config),
    options,
    now: opts.at !== undefined ? new Date(opts.at * 1000) : opts.seed !== undefined ? SEEDED_CLOCK : new Date(),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.payload !== undefined ? { customBody: await readInput("--payload", opts.payload) } : {}),
    ...(opts.data !== undefined ? { data: await readJsonObject("--data", opts.data) } : {}),
    overrides: opts.override ?? [],
    extraHeaders: parseHeaders(opts.header),
  });

  if (opts.print === "curl") return void console.log(formatCurl(url, prepared));
  if (opts.dryRun) {
    return void console.log(opts.json ? JSON.stringify({ provider: provider.id, url, ...prepared }) : formatDryRun(url, prepared));
  }

  const report: DeliveryReport = { provider: provider.id, event: prepared.event, id: prepared.id, url, expect: opts.expect };
  let result;
  try {
    result = await deliver({ url, body: prepared.body, headers: prepared.headers, timeoutMs: opts.timeout, insecure: opts.insecure, ca: opts.ca });
  } catch (error) {
    if (opts.json && error instanceof WhSimError) console.log(formatDelivery({ ...report, ok: false, error: error.message }, true));
    throw error;
  }
  const ok = statusMatches(opts.expect, result.status);
  console.log(formatDelivery({ ...report, ok, status: result.status, durationMs: result.durationMs, responseBody: result.body }, opts.json));
  if (!ok) throw new WhSimError(`expected ${opts.expect}, got ${result.status}`, 1);
}
