import { loadConfig } from "../../config.js";
import { verificationSecrets } from "../../credentials.js";
import { parseHeaders, readBytes } from "../../delivery.js";
import { DeliveryError } from "../../errors.js";
import { headerMap } from "../../http/hop-by-hop.js";
import { paint } from "../output.js";
import { resolveProvider } from "../resolve.js";

export interface VerifyOptions { body: string; header?: string[]; secret?: string[]; at?: number; json?: boolean; config?: string }

export async function runVerify(providerArg: string, opts: VerifyOptions): Promise<void> {
  const provider = await resolveProvider(providerArg);
  const body = await readBytes("--body", opts.body);
  const headers = headerMap(Object.entries(parseHeaders(opts.header)));
  const { secrets } = verificationSecrets(provider, opts.secret, await loadConfig(opts.config));
  const now = opts.at !== undefined ? new Date(opts.at * 1000) : new Date();
  const verdict = provider.verify(body, headers, { secrets, now });
  if (opts.json) console.log(JSON.stringify({ provider: provider.id, ...verdict }));
  if (!verdict.ok) throw new DeliveryError(opts.json ? "" : `invalid: ${verdict.message} (${verdict.reason})`, verdict.hint);
  if (!opts.json) console.log(`${paint.green("✔ valid")} ${provider.displayName} signature${verdict.detail ? ` (${verdict.detail})` : ""}`);
}
