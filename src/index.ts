/**
 * wh-sim as a library, for test suites that drive it in-process:
 *
 *   import { listen, trigger, scenario } from "wh-sim";
 *   const hook = await listen();                                   // a verifying receiver on a free port
 *   await trigger("stripe", "customer.created", { url: `${hook.url}/webhook` });
 *   const received = await hook.waitFor({ provider: "stripe", event: "customer.created" });
 *   received.verdict.status;                                       // "valid"
 *   await hook.close();
 */
import { signerFor } from "./credentials.js";
import { prepareDelivery, type PreparedDelivery } from "./delivery.js";
import { headerMap } from "./http/hop-by-hop.js";
import { verdictView, type VerdictView } from "./listen/inspect.js";
import type { JsonObject, Provider, ProviderOptions } from "./providers/types.js";

export { listen, type Hook, type HookOptions, type Received, type WaitMatch } from "./library/listen.js";
/** Forgets what the offline provider APIs learnt, on disk (all providers, or those named); a running listener: `hook.reset()`. */
export { resetWorld as reset } from "./world.js";
export { trigger, scenario, type TriggerOptions, type TriggerResult, type ScenarioOptions, type SendOptions } from "./library/send.js";
export type { DeliveryReport } from "./send/report.js";
export type { VerdictView } from "./listen/inspect.js";
export type { ChaosRequest } from "./chaos.js";
export { deliver, type DeliveryRequest, type DeliveryResult } from "./http/deliver.js";
export { availableProviders, loadProvider } from "./providers/registry.js";
export { startListener, type Listener } from "./listen/server.js";
export type { ListenerOptions, ReceivedRequest } from "./listen/types.js";
export { setUpVerifiers } from "./listen/setup.js";
export { openListener, type ListenerRequest, type ListenerHooks, type ListenerSession } from "./listen/session.js";
/** The public token Truv Bridge's onSuccess would hand your page for a link (wh-sim's Truv API exchanges it). */
export { publicTokenOf as truvPublicToken } from "./providers/truv/api/state.js";
export { parseRecording } from "./recording/parse.js";
export type { RecordedRequest } from "./recording/format.js";
export { UsageError, DeliveryError, WhSimError } from "./lib/errors.js";
export type { Provider, ProviderId, Verdict, EventInfo, HeaderMap } from "./providers/types.js";
export type { PreparedDelivery };

export interface BuildOptions {
  /** HMAC secrets (several = rotation); default: the provider's built-in test secret. Plaid uses wh-sim's key pair. */
  secrets?: string[];
  options?: ProviderOptions;
  /** `-o` edits (`data.object.status=inactive`): the field must exist. */
  overrides?: string[];
  data?: JsonObject;
  /** A body to sign instead of the fixture. */
  customBody?: string;
  now?: Date;
  seed?: string;
}

/** Renders an event from its fixture and signs it exactly as the provider does. */
export async function buildDelivery(provider: Provider, event: string, build: BuildOptions = {}): Promise<PreparedDelivery> {
  const options = build.options ?? {};
  return prepareDelivery(provider, {
    choice: provider.resolveEvent(event, options),
    signer: await signerFor(provider, build.secrets, {}),
    options,
    now: build.now ?? new Date(),
    ...(build.seed !== undefined ? { seed: build.seed } : {}),
    ...(build.customBody !== undefined ? { customBody: build.customBody } : {}),
    ...(build.data ? { data: build.data } : {}),
    edits: (build.overrides ?? []).map((spec) => ({ kind: "set", spec })),
  });
}

/**
 * Checks a received delivery the way the provider's own verifier would: `{status: "valid"}`, or
 * `{status: "invalid", reason, message, hint}` — the one verdict shape of the CLI, the listener,
 * recordings and the library.
 */
export function verifyDelivery(
  provider: Provider,
  body: Uint8Array,
  headers: Record<string, string>,
  check: { secrets?: string[]; jwks?: JsonObject[]; now?: Date } = {},
): VerdictView {
  const secrets = check.secrets ?? (provider.credentialKind === "hmac" ? [provider.testSecret] : []);
  return verdictView(provider.verify(body, headerMap(Object.entries(headers)), { secrets, jwks: check.jwks ?? [], now: check.now ?? new Date() }));
}
