import { loadConfig, resolveUrl, type Config } from "../../config.js";
import { UsageError } from "../../lib/errors.js";
import { headerMap } from "../../http/hop-by-hop.js";
import { tamperBody } from "../../chaos.js";
import { humanDuration } from "../../lib/duration.js";
import { readUserFile } from "../../input.js";
import { onDefaultListener } from "../../defaults.js";
import { isProviderId, loadProvider } from "../../providers/registry.js";
import type { RecordedRequest } from "../../recording/format.js";
import { parseRecording } from "../../recording/parse.js";
import { replayedRequest } from "../../recording/resign.js";
import { createSender, type Sender } from "../../http/deliver.js";
import { attempt, Tally } from "../../send/attempt.js";
import { formatDelivery, type DeliveryReport } from "../format-delivery.js";

export interface ReplayOptions {
  /** Send each request this many more times. */
  duplicate?: number | boolean;
  /** Change the body after signing. */
  tamper?: boolean;
  url?: string;
  filter?: string;
  index?: number;
  resign?: boolean;
  secret?: string[];
  expect: string;
  timeout: number;
  json?: boolean;
  config?: string;
}

export async function runReplay(file: string, opts: ReplayOptions): Promise<void> {
  const text = (await readUserFile("recording", file)).toString("utf8");
  const records: RecordedRequest[] = parseRecording(text, file);
  const config = await loadConfig(opts.config);
  // --filter first, then --index among what it kept: `--filter invoice.paid --index 3` is the fourth invoice.paid.
  // Calls to a provider's API the listener answered are kept in the recording, but they are not deliveries to send again.
  const filtered = records.filter((record) => record.kind !== "api" && (!opts.filter || record.event === opts.filter)).map((record) => ({ record }));
  const selected = opts.index === undefined ? filtered : filtered.slice(opts.index, opts.index + 1);
  if (selected.length === 0) throw new UsageError(`nothing to replay in ${file}`, `it holds ${records.length} request(s); check --filter / --index (0-based)`);

  const tally = new Tally();
  const sender = await createSender({ timeoutMs: opts.timeout });
  const copies = 1 + (opts.duplicate === true ? 1 : opts.duplicate || 0);
  try {
    for (const { record } of selected) {
      for (let copy = 1; copy <= copies; copy++) {
        const done = await replayOne(record, sender, opts, config);
        const report = copies > 1 ? { ...done, duplicate: `${copy}/${copies}` } : done;
        tally.add(report);
        console.log(formatDelivery(report, opts.json));
      }
    }
  } finally {
    await sender.close();
  }
  const failure = tally.failure("replayed requests");
  if (failure) throw failure;
}

/** One recorded request sent again, as recorded or re-signed; the report of how it went. */
async function replayOne(record: RecordedRequest, sender: Sender, opts: ReplayOptions, config: Config): Promise<DeliveryReport> {
  const replayed = await replayedRequest(record, { mode: opts.resign ? "resign" : "exact", secrets: opts.secret, config });
  const { headers } = replayed;
  // Tampered after signing, as --tamper does to a trigger.
  const body = opts.tamper ? Buffer.from(tamperBody(replayed.body.toString("utf8"))) : replayed.body;
  const url = resolveUrl(record.provider, opts.url, config, onDefaultListener(record.path));
  const note = opts.resign ? undefined : await staleNote(record);
  const report: DeliveryReport = {
    provider: record.provider ?? "unknown",
    event: record.event ?? `${record.method} ${record.path}`,
    id: record.id,
    url,
    expect: opts.expect,
    ...(opts.tamper ? { chaos: ["tampered"] } : {}),
    ...(note ? { note } : {}),
  };
  return attempt(report, sender, { url, method: record.method, body, headers: Object.fromEntries(headers) });
}

/** A byte-identical replay of a delivery signed longer ago than its provider accepts: say so, and what to do. */
async function staleNote(record: RecordedRequest): Promise<string | undefined> {
  if (!record.provider || !isProviderId(record.provider)) return undefined;
  const provider = await loadProvider(record.provider);
  const signedAt = provider.signedTime?.at(headerMap(record.headers));
  if (!signedAt || !provider.signedTime) return undefined;
  const age = (Date.now() - signedAt.getTime()) / 1000;
  const tolerance = provider.signedTime.toleranceSeconds;
  if (age <= tolerance) return undefined;
  return `signed ${humanDuration(age)} ago: outside ${provider.displayName}'s ${humanDuration(tolerance)} tolerance, so receivers reject it as a replay; add --resign to sign it anew`;
}
