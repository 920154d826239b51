import { afterSigning, signingClock, type Chaos } from "../chaos.js";
import { redeliver, type PrepareInput, type PreparedDelivery } from "../delivery.js";
import { headerMap } from "../http/hop-by-hop.js";
import type { Sender } from "../http/deliver.js";
import { humanDuration } from "../lib/duration.js";
import type { Provider, RetryPolicy } from "../providers/types.js";
import { attempt } from "./attempt.js";
import type { DeliveryReport } from "./report.js";
import { explainRefusal } from "./refusal.js";
import { answeredByListener } from "../http/listener-mark.js";

export interface Retry {
  readonly policy: RetryPolicy;
  /** Delays are divided by this (3600 turns hours into seconds). */
  readonly speed: number;
}

export interface SendPlan {
  readonly provider: Provider;
  readonly url: string;
  readonly sender: Sender;
  readonly input: Pick<PrepareInput, "signer" | "options" | "extraHeaders">;
  readonly chaos: Chaos;
  readonly retry: Retry | undefined;
  readonly expect: string;
  /** Why the body is not JSON, when the user's own body is not (sent as it is, on purpose or not). */
  readonly malformedBody?: string | undefined;
  /** Every attempt's report, as it comes. */
  readonly onAttempt: (report: DeliveryReport) => void;
}

/**
 * One event as the provider would deliver it, chaos included: the delivery, then its duplicates
 * (redelivered as the provider redelivers), each retried on the schedule while it fails. Resolves
 * with the final report of each delivery: those are what the exit code judges.
 */
export async function sendEvent(plan: SendPlan, prepared: PreparedDelivery): Promise<DeliveryReport[]> {
  const finals: DeliveryReport[] = [];
  const resign = signedAfter(plan, prepared);
  for (let copy = 0; copy <= plan.chaos.duplicates; copy++) {
    const delivery = copy === 0 ? prepared : await resign();
    finals.push(await withRetries(plan, delivery, resign, plan.chaos.duplicates ? { duplicate: `${copy + 1}/${plan.chaos.duplicates + 1}` } : {}));
  }
  return finals;
}

/**
 * The message signed anew for each redelivery or retry, each at a later signed time than the one
 * before, as a provider's redelivery is. Signed times are whole seconds, so two copies made within
 * one second would carry byte-identical signatures, which no provider sends: the copy waits for
 * the next second rather than sign ahead of the clock (Plaid's receivers refuse a future `iat`).
 */
function signedAfter(plan: SendPlan, prepared: PreparedDelivery): () => Promise<PreparedDelivery> {
  const signedAt = (d: PreparedDelivery) => plan.provider.signedTime?.at(headerMap(Object.entries(d.headers)));
  let last = signedAt(prepared);
  return async () => {
    const due = last === undefined ? 0 : (Math.floor(last.getTime() / 1000) + 1) * 1000;
    const wait = due - signingClock(plan.chaos).getTime();
    if (wait > 0 && wait <= 1000) await new Promise((resolve) => setTimeout(resolve, wait));
    // A message its plan dated ahead (a scenario's later steps) is redelivered later still, without waiting for it.
    const delivery = redeliver(plan.provider, prepared, plan.input, new Date(Math.max(signingClock(plan.chaos).getTime(), due)));
    last = signedAt(delivery) ?? last;
    return delivery;
  };
}

async function withRetries(
  plan: SendPlan,
  first: PreparedDelivery,
  resign: () => Promise<PreparedDelivery>,
  label: Pick<DeliveryReport, "duplicate">,
): Promise<DeliveryReport> {
  let report = await send(plan, first, { ...label, attempt: 1 });
  const policy = plan.retry?.policy;
  for (const [i, delay] of (policy?.delays ?? []).entries()) {
    if (delivered(report, policy!) || aborted(report, policy!)) break;
    await new Promise((resolve) => setTimeout(resolve, (delay * 1000) / plan.retry!.speed));
    // Each retry is signed anew, as the provider signs it.
    report = await send(plan, await resign(), {
      ...label,
      attempt: i + 2,
      retryAfter: humanDuration(delay / plan.retry!.speed),
    });
  }
  return report;
}

async function send(plan: SendPlan, delivery: PreparedDelivery, label: Pick<DeliveryReport, "duplicate" | "attempt" | "retryAfter">): Promise<DeliveryReport> {
  const { body, headers } = afterSigning(plan.provider, delivery, plan.chaos);
  const base: DeliveryReport = {
    provider: plan.provider.id,
    event: delivery.event,
    id: delivery.id,
    url: plan.url,
    expect: plan.expect,
    ...(plan.chaos.names.length ? { chaos: plan.chaos.names } : {}),
    ...(plan.chaos.duplicates ? { duplicate: label.duplicate } : {}),
    ...(plan.retry ? { attempt: label.attempt } : {}),
    ...(label.retryAfter ? { retryAfter: label.retryAfter } : {}),
  };
  const report = explainListener(
    explainRedirect(
      explainRefusal(await attempt(base, plan.sender, { url: plan.url, body, headers }), plan.provider, plan.input.signer, plan.chaos, plan.malformedBody),
    ),
  );
  plan.onAttempt(report);
  return report;
}

/** A wh-sim listener answered, not the app: what it answers says nothing of the app. */
function explainListener(report: DeliveryReport): DeliveryReport {
  if (report.ok || !answeredByListener(report.responseHeaders)) return report;
  return {
    ...report,
    hint: `${report.url} is a wh-sim listener, not your app: it answers webhooks itself (${report.status ?? "?"} here, as its --status says), whatever they hold. Point --url at your app, or start that listener with --forward-to <your app's URL>`,
  };
}

/** A 3xx is a failed delivery that no provider but Truv follows: say where it pointed. */
function explainRedirect(report: DeliveryReport): DeliveryReport {
  if (report.status === undefined || report.status < 300 || report.status >= 400 || report.ok) return report;
  const location = report.responseHeaders?.location;
  return {
    ...report,
    hint: `the endpoint redirected${location ? ` to ${location}` : ""}; Stripe, Plaid, Svix and Standard Webhooks senders never follow a redirect: give the final URL`,
  };
}

function delivered(report: DeliveryReport, policy: RetryPolicy): boolean {
  return report.status !== undefined && (policy.success === "200" ? report.status === 200 : report.status >= 200 && report.status < 300);
}

function aborted(report: DeliveryReport, policy: RetryPolicy): boolean {
  const [name, value] = policy.abortHeader ?? [];
  return name !== undefined && report.responseHeaders?.[name] === value;
}
