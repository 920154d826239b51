import { afterSigning, signingClock, type Chaos } from "../chaos.js";
import { redeliver, type PrepareInput, type PreparedDelivery } from "../delivery.js";
import type { Sender } from "../http/deliver.js";
import { humanDuration } from "../lib/duration.js";
import type { Provider, RetryPolicy } from "../providers/types.js";
import { attempt } from "./attempt.js";
import type { DeliveryReport } from "./report.js";
import { explainRefusal } from "./refusal.js";

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
  for (let copy = 0; copy <= plan.chaos.duplicates; copy++) {
    const delivery = copy === 0 ? prepared : redeliver(plan.provider, prepared, plan.input, signingClock(plan.chaos));
    finals.push(await withRetries(plan, prepared, delivery, plan.chaos.duplicates ? { duplicate: `${copy + 1}/${plan.chaos.duplicates + 1}` } : {}));
  }
  return finals;
}

async function withRetries(
  plan: SendPlan,
  original: PreparedDelivery,
  first: PreparedDelivery,
  label: Pick<DeliveryReport, "duplicate">,
): Promise<DeliveryReport> {
  let report = await send(plan, first, { ...label, attempt: 1 });
  const policy = plan.retry?.policy;
  for (const [i, delay] of (policy?.delays ?? []).entries()) {
    if (delivered(report, policy!) || aborted(report, policy!)) break;
    await new Promise((resolve) => setTimeout(resolve, (delay * 1000) / plan.retry!.speed));
    // Each retry is signed anew, as the provider signs it.
    report = await send(plan, redeliver(plan.provider, original, plan.input, signingClock(plan.chaos)), {
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
  const report = explainRedirect(explainRefusal(await attempt(base, plan.sender, { url: plan.url, body, headers }), plan.provider, plan.input.signer));
  plan.onAttempt(report);
  return report;
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
