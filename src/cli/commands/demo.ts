import { SEND_DEFAULTS } from "../../defaults.js";
import { signerFor } from "../../credentials.js";
import { prepareDelivery } from "../../delivery.js";
import { WhSimError } from "../../lib/errors.js";
import { deliver } from "../../http/deliver.js";
import { openListener } from "../../listen/session.js";
import type { ReceivedRequest } from "../../listen/types.js";
import { formatRequestLine } from "../format-request.js";
import { mark, paint } from "../output.js";

/** The whole loop with no setup: a listener on a free port, one event of every provider into it. */
export async function runDemo(opts: { json?: boolean }): Promise<void> {
  const received: ReceivedRequest[] = [];
  const listener = await openListener({ port: 0, apis: false }, { onRequest: (r) => received.push(r) });
  const { known } = listener.verifiers;
  const log = (line: string) => (opts.json ? undefined : console.log(line));
  log(paint.dim(`listening on ${listener.url}/webhook; triggering one event per provider…\n`));
  try {
    for (const { provider } of known) {
      const prepared = await prepareDelivery(provider, {
        choice: provider.resolveEvent(provider.demoEvent, {}),
        signer: await signerFor(provider, undefined, {}),
        options: {},
        now: new Date(),
      });
      await deliver({ url: `${listener.url}/webhook`, body: prepared.body, headers: prepared.headers, timeoutMs: SEND_DEFAULTS.timeoutMs });
      const request = received.at(-1)!;
      if (opts.json) console.log(JSON.stringify({ provider: provider.id, event: prepared.event, verdict: request.inspection?.verdict }));
      log(formatRequestLine(request));
    }
  } finally {
    await listener.close();
  }
  const valid = received.filter((r) => r.inspection?.verdict.status === "valid").length;
  const allValid = valid === known.length;
  log(`\n${mark(allValid)} ${valid} of ${known.length} providers delivered, detected and verified`);
  if (!allValid) throw new WhSimError("some simulated deliveries did not verify", 1);
  log(paint.dim("next: wh-sim listen (keep it running) and wh-sim trigger <provider> <event> in another terminal"));
}
