/**
 * An Artillery processor: every request Artillery makes carries a fresh event, signed exactly as
 * the provider signs it — so a load test runs on Artillery's own machinery (locally, or spread over
 * AWS Fargate/Lambda with `artillery run-fargate`) and the handler under test verifies each one.
 *
 *   config:
 *     target: "https://staging.example.com"
 *     processor: "./wh-sim-processor.mjs"     # export { whSimSign } from "wh-sim/artillery";
 *     variables: { whSimProvider: "stripe", whSimEvent: "customer.created" }   # or whSimScenario
 *   scenarios:
 *     - flow:
 *         - post: { url: "/webhook", beforeRequest: "whSimSign" }
 *
 * `wh-sim export artillery <provider> <event|scenario> --url …` writes both files.
 */
import { signerFor, type Signer } from "../credentials.js";
import { prepareDelivery, type PreparedDelivery } from "../delivery.js";
import { UsageError } from "../lib/errors.js";
import { availableProviders, isProviderId, loadProvider } from "../providers/registry.js";
import type { Provider, ProviderOptions } from "../providers/types.js";

/** What Artillery hands a beforeRequest hook (the fields wh-sim touches). */
export interface ArtilleryRequest {
  url?: string;
  headers?: Record<string, string>;
  body?: unknown;
  json?: unknown;
  followRedirect?: boolean;
}
export interface ArtilleryContext {
  vars: Record<string, unknown>;
}
type Next = (error?: Error) => void;

/** The variables the hook reads (from `config.variables` or the scenario's own). */
export interface WhSimVariables {
  whSimProvider: string;
  whSimEvent?: string;
  /** A built-in scenario: each virtual user sends its steps in order, one per request, then starts over. */
  whSimScenario?: string;
  /** HMAC secrets, comma-separated; default: the provider's built-in test secret (Plaid: wh-sim's key pair). */
  whSimSecret?: string;
  /** `--account` and `--api-version`, as `trigger` takes them. */
  whSimAccount?: string;
  whSimApiVersion?: string;
}

interface Prepared {
  provider: Provider;
  signer: Signer;
  options: ProviderOptions;
}
const setups = new Map<string, Promise<Prepared>>();

function setUp(vars: WhSimVariables): Promise<Prepared> {
  const key = JSON.stringify([vars.whSimProvider, vars.whSimSecret, vars.whSimAccount, vars.whSimApiVersion]);
  let setup = setups.get(key);
  if (!setup) {
    setup = (async () => {
      if (!isProviderId(vars.whSimProvider))
        throw new UsageError(`unknown provider "${vars.whSimProvider}"`, `whSimProvider is one of ${availableProviders().join(", ")}`);
      const provider = await loadProvider(vars.whSimProvider);
      const secrets = vars.whSimSecret ? vars.whSimSecret.split(",") : undefined;
      const options: ProviderOptions = {
        ...(vars.whSimAccount ? { account: vars.whSimAccount } : {}),
        ...(vars.whSimApiVersion ? { apiVersion: vars.whSimApiVersion } : {}),
      };
      return { provider, signer: await signerFor(provider, secrets, {}), options };
    })();
    setups.set(key, setup);
  }
  return setup;
}

/** The next delivery for this virtual user: a fresh event, or its scenario's next step. */
async function nextDelivery(context: ArtilleryContext): Promise<PreparedDelivery> {
  const vars = context.vars as unknown as WhSimVariables & { __whSimSteps?: PreparedDelivery[] };
  if (!vars.whSimProvider) throw new UsageError("wh-sim's Artillery hook needs the variable whSimProvider (and whSimEvent or whSimScenario)");
  const { provider, signer, options } = await setUp(vars);
  if (vars.whSimScenario) {
    if (!vars.__whSimSteps?.length) {
      const [{ findScenario }, { renderScenario }] = await Promise.all([import("../scenarios/builtin.js"), import("../scenarios/render.js")]);
      const steps = await renderScenario(provider, findScenario(provider.id, vars.whSimScenario), { signer, options, start: new Date(), stepSeconds: 0 });
      vars.__whSimSteps = steps.map((s) => s.delivery);
    }
    return vars.__whSimSteps.shift()!;
  }
  if (!vars.whSimEvent) throw new UsageError("wh-sim's Artillery hook needs whSimEvent or whSimScenario");
  return prepareDelivery(provider, { choice: provider.resolveEvent(vars.whSimEvent, options), signer, options, now: new Date() });
}

/**
 * Artillery's `beforeRequest` hook. It runs after Artillery's templating, so the body is set as a
 * Buffer (a string holding `{{` would be templated again, and `json` would be serialised again),
 * and redirects are not followed: no provider but Truv follows them.
 */
export function whSimSign(request: ArtilleryRequest, context: ArtilleryContext, _events: unknown, next?: Next): Promise<void> | undefined {
  const done = nextDelivery(context).then((delivery) => {
    delete request.json;
    request.body = Buffer.from(delivery.body, "utf8");
    request.headers = { ...request.headers, ...delivery.headers };
    request.followRedirect = false;
  });
  // Artillery passes a callback: answer through it alone (a returned promise would be a second answer).
  if (!next) return done;
  done.then(() => next(), next);
  return undefined;
}
