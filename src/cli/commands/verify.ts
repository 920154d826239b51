import { loadConfig } from "../../config.js";
import { verifierFor } from "../../credentials.js";
import { parseHeaders, readBytes } from "../../input.js";
import { DeliveryError } from "../../lib/errors.js";
import { headerMap } from "../../http/hop-by-hop.js";
import { paint } from "../output.js";
import { resolveProvider } from "../resolve.js";

export interface VerifyOptions {
  body: string;
  header?: string[];
  secret?: string[];
  jwk?: string;
  at?: number;
  json?: boolean;
  config?: string;
}

export async function runVerify(providerArg: string, opts: VerifyOptions): Promise<void> {
  const provider = await resolveProvider(providerArg);
  const body = await readBytes("--body", opts.body);
  const headers = headerMap(Object.entries(parseHeaders(opts.header)));
  const { verify } = await verifierFor(provider, opts.secret, await loadConfig(opts.config), opts.jwk);
  const now = opts.at !== undefined ? new Date(opts.at * 1000) : new Date();
  let verdict = provider.verify(body, headers, { ...verify, now });
  // A body saved to a file often gained a line ending (an editor, `echo`, `> file`): when the body
  // without it verifies, that alone is the mismatch, and the user must know.
  const ending = !verdict.ok && /^(mismatch|body-changed)$/.test(verdict.reason) ? trailingLineEnding(body) : undefined;
  if (ending && !verdict.ok && provider.verify(body.subarray(0, body.length - ending.length), headers, { ...verify, now }).ok) {
    const name = ending.length === 2 ? "CRLF" : "newline";
    verdict = {
      ok: false,
      reason: verdict.reason,
      message: `the body ends in a ${name} the signed body did not have (without it, it verifies)`,
      hint: `the file gained a trailing ${name} after it was saved (an editor, echo, > file); keep the body's exact bytes, e.g. printf '%s'`,
    };
  }
  if (opts.json) console.log(JSON.stringify({ provider: provider.id, ...verdict }));
  // Checking a delivery received earlier is the usual reason for a stale verdict here: say how to set the clock.
  const hint =
    !verdict.ok && verdict.reason === "stale"
      ? `to check a delivery received earlier, set the clock to when it arrived: --at <unix seconds>; to send it again, wh-sim replay --resign`
      : undefined;
  if (!verdict.ok) throw new DeliveryError(opts.json ? "" : `invalid: ${verdict.message} (${verdict.reason})`, hint ?? verdict.hint);
  if (!opts.json) console.log(`${paint.green("✔ valid")} ${provider.displayName} signature${verdict.detail ? ` (${verdict.detail})` : ""}`);
}

/** `\r\n` or `\n` at the end of the body, if any. */
function trailingLineEnding(body: Uint8Array): Buffer | undefined {
  const tail = Buffer.from(body.subarray(Math.max(0, body.length - 2)));
  if (tail.toString("latin1").endsWith("\r\n")) return Buffer.from("\r\n");
  if (tail.toString("latin1").endsWith("\n")) return Buffer.from("\n");
  return undefined;
}
