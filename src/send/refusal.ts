import { forges, type Chaos } from "../chaos.js";
import type { Signer } from "../credentials.js";
import type { Provider } from "../providers/types.js";
import type { DeliveryReport } from "./report.js";

/**
 * An app that answers 400, 401 or 403 to a signed delivery most likely rejected its signature:
 * say what it was signed with (never the whole secret) and what the app must do to accept it.
 */
export function explainRefusal(report: DeliveryReport, provider: Provider, signer: Signer, chaos: Chaos, malformedBody?: string): DeliveryReport {
  const refused = report.status !== undefined && (provider.credentialKind === "keypair" ? report.status >= 400 : [400, 401, 403].includes(report.status));
  if (report.ok || !refused) return report;
  // Forged on purpose: the app did its job, the expectation is what to change.
  if (forges(chaos))
    return {
      ...report,
      hint: `wh-sim forged this delivery on purpose (${chaos.names.join(", ")}) and the app refused it, as a correct handler does: add --expect 4xx to make that refusal the test`,
    };
  const signed =
    provider.credentialKind === "keypair"
      ? `signed with wh-sim's Plaid key (${signer.shown}): the app's Plaid client must fetch it from a running \`wh-sim listen\` (point the client's base URL there; it serves POST /webhook_verification_key/get)`
      : `signed with ${signer.source === "built-in test secret" ? "the built-in test secret" : `the secret from ${signer.source}`} (${signer.shown}): the app must verify with the same secret (\`wh-sim secret ${provider.id}\` prints the built-in one)`;
  const hint = `${signed}, over the raw request body, never re-serialised JSON; \`wh-sim listen --forward-to ${report.url}\` shows the verdict beside the app's answer`;
  // A body that is not JSON is the likelier cause: most apps parse it before (or while) verifying.
  return {
    ...report,
    hint: malformedBody ? `the body sent is not valid JSON (${malformedBody}): the app most likely refused that; if it was meant, ${hint}` : hint,
  };
}
