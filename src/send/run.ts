import { availableParallelism } from "node:os";
import { afterSigning, forges } from "../chaos.js";
import type { JsonObject, WorldView } from "../providers/types.js";
import { processWorld } from "../world.js";
import type { PreparedDelivery } from "../delivery.js";
import { createSender, type Sender } from "../http/deliver.js";
import { monotonicMs } from "../lib/clock.js";
import { Tally } from "./attempt.js";
import { createPacer, newShare, type ThreadShare } from "./pace.js";
import { planSend, type Plan, type SendRequest } from "./plan.js";
import type { DeliveryReport } from "./report.js";
import { sendEvent } from "./send-event.js";
import { sendScenario, type Observer } from "./send-scenario.js";

/** What a front end hears while a run goes, and how it stops one. */
export interface SendHooks {
  /** Every attempt's report, as it comes (from every thread). */
  readonly onReport?: (report: DeliveryReport) => void;
  /** Each delivery's final report (after its retries), in this thread: what the exit code judges. */
  readonly onFinal?: (report: DeliveryReport) => void;
  /** Each event's bytes and headers as sent (chaos applied), before its copies and retries. */
  readonly onSent?: (delivery: PreparedDelivery) => void;
  /** A scenario run finished: its first failed delivery, if any (a progress bar of runs). */
  readonly onRunDone?: (failed: DeliveryReport | undefined) => void;
  /** Aborted: nothing more is started (a closed stdout); what was sent is still tallied. */
  readonly signal?: AbortSignal;
  /** The caller makes what each event says true in the providers' world itself (the listener's API does). */
  readonly keepsWorld?: boolean;
  /** Something the user should know that is no delivery's (the providers' world could not be written). */
  readonly onWarning?: (message: string) => void;
}

export interface SendOutcome {
  readonly plan: Plan;
  /** The final answer of each delivery, counted: what the exit code judges. */
  readonly tally: Tally;
  /** Events (or scenario runs) started. */
  readonly started: number;
  readonly seconds: number;
}

/**
 * The one way deliveries are sent, whatever asked: plans the request (usage errors before
 * anything goes out), then sends its events — over threads when the run is big — or its scenario
 * runs, paced, each delivery with its chaos, copies and retries.
 */
export async function send(request: SendRequest | Plan, hooks: SendHooks = {}): Promise<SendOutcome> {
  const plan = isPlan(request) ? request : await planSend(request);
  const share = newShare(plan.scenario ? 1 : threadCount(plan), monotonicMs());
  const others = share.of > 1 ? (await import("./threads.js")).startThreads(plan.request, share, hooks.onReport ?? (() => undefined)) : undefined;
  const stopOthers = () => others?.stop();
  hooks.signal?.addEventListener("abort", stopOthers);
  const tally = new Tally();
  let started = 0;
  try {
    const own = await sendShare(plan, share, hooks);
    started += own.started;
    tally.merge(own.tally.snapshot());
    for (const snapshot of (await others?.done) ?? []) tally.merge(snapshot);
  } finally {
    hooks.signal?.removeEventListener("abort", stopOthers);
    stopOthers();
  }
  return { plan, tally, started, seconds: (monotonicMs() - share.startAt) / 1000 };
}

/** Runs of up to this many events are made true in the providers' world (see `observer`). */
const OBSERVED_AT_MOST = 100;

const isPlan = (request: SendRequest | Plan): request is Plan => typeof request.provider === "object";

/**
 * Threads for a run: `threads` when asked, else one per core (at most 4) for a run big and fast
 * enough to pay for their start-up (tens of milliseconds each). One thread saturates a core
 * preparing, signing and sending; on two cores that also run the app, a second sends about a third more.
 */
function threadCount(plan: Plan): number {
  const { request, count, concurrency } = plan;
  if (request.threads !== undefined) return Math.max(1, Math.min(request.threads, concurrency, count));
  const big = count >= 2000; // a duration without a count counts as Infinity
  const fast = request.rate === undefined || request.rate >= 2000;
  return big && fast && concurrency >= 2 ? Math.min(availableParallelism(), 4, concurrency) : 1;
}

/**
 * One thread's part of a run: the events (or scenario runs) it takes from the shared counter, over
 * its own kept-alive connections, with its part of the concurrency.
 */
export async function sendShare(plan: Plan, share: ThreadShare, hooks: SendHooks): Promise<{ tally: Tally; started: number }> {
  const tally = new Tally();
  const stopped = () => hooks.signal?.aborted === true;
  const sender = await createSender({
    timeoutMs: plan.retry?.policy.timeoutMs ?? plan.timeoutMs,
    insecure: plan.request.insecure,
    ca: plan.request.ca,
    followRedirects: plan.provider.followsRedirects,
  });
  const { request } = plan;
  const pacer = createPacer({
    count: plan.count,
    rate: request.rate,
    durationMs: request.durationSeconds === undefined ? undefined : request.durationSeconds * 1000,
    share,
  });
  // What each event says of the providers' world, made true as it goes (a scenario's steps like a trigger's event).
  const observe = hooks.keepsWorld ? undefined : observer(plan, hooks.onWarning);
  const one = plan.scenario ? scenarioRun(plan, sender, hooks, stopped, observe) : eventDelivery(plan, sender, hooks, observe);
  let started = 0;
  const worker = async () => {
    for (let i = await pacer.next(); i !== undefined && !stopped(); i = await pacer.next()) {
      started++;
      for (const final of await one(i)) {
        tally.add(final);
        hooks.onFinal?.(final);
      }
    }
  };
  // The concurrency is the whole run's: each thread keeps its part of the connections busy.
  const connections = Math.max(1, Math.floor(plan.concurrency / share.of) + (share.index < plan.concurrency % share.of ? 1 : 0));
  try {
    await Promise.all(Array.from({ length: Math.min(connections, plan.count) }, worker));
  } finally {
    await sender.close();
  }
  return { tally, started };
}

function eventDelivery(plan: Plan, sender: Sender, hooks: SendHooks, observe: Observer | undefined): (i: number) => Promise<DeliveryReport[]> {
  const sending = {
    provider: plan.provider,
    url: plan.url,
    sender,
    input: plan.event!.input,
    chaos: plan.chaos,
    retry: plan.retry,
    expect: plan.expect,
    malformedBody: plan.malformedBody,
    onAttempt: hooks.onReport ?? (() => undefined),
  };
  return async (i) => {
    const prepared = await plan.event!.prepare(i);
    const sent = afterSigning(plan.provider, prepared, plan.chaos);
    hooks.onSent?.(sent);
    const delivered = observe?.(sent.body);
    const reports = await sendEvent(sending, prepared);
    const last = reports.at(-1);
    if (last) delivered?.({ url: last.url, status: last.status ?? null, ...(last.error ? { error: last.error } : {}) });
    return reports;
  };
}

/**
 * What a sent event says of the provider's world (an Item's error, its new transactions), made true
 * for the API `wh-sim listen` answers, whether or not the event passes through a listener: only
 * for providers whose API keeps state, and only for a signature the receiver would accept.
 */
function observer(plan: Plan, warn: (message: string) => void = () => undefined): Observer | undefined {
  const api = plan.provider.api;
  const { chaos } = plan;
  // A load run (more than a hundred events) is not remembered: it would write the world thousands of times a second.
  if (!api?.observe || forges(chaos) || plan.count > OBSERVED_AT_MOST) return undefined;
  let world: WorldView | undefined;
  return (body) => {
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return;
    }
    if (!payload || typeof payload !== "object" || Array.isArray(payload)) return undefined;
    const ctx = { world: (world ??= processWorld()), now: new Date() };
    try {
      api.observe!(payload as JsonObject, body, ctx);
    } catch (error) {
      // Remembering what an event says (under $WH_SIM_HOME) never costs its delivery: said, and sent.
      warn(`could not keep what this event says in the offline world: ${(error as Error).message}`);
      return undefined;
    }
    // Once answered, the delivery itself is remembered (Truv lists its deliveries).
    return api.delivered && ((delivery) => api.delivered!(payload as JsonObject, delivery, { ...ctx, now: new Date() }));
  };
}

/** Run i of a scenario: a whole sequence with its own objects (seeded: seed:i); many runs are labelled with their number. */
function scenarioRun(
  plan: Plan,
  sender: Sender,
  hooks: SendHooks,
  stopped: () => boolean,
  observe: Observer | undefined,
): (i: number) => Promise<DeliveryReport[]> {
  const what = plan.request.what.kind === "scenario" ? plan.request.what : undefined;
  const many = plan.count > 1;
  const seed = plan.request.seed;
  return async (i) => {
    const label = many ? { run: i + 1 } : {};
    const finals = await sendScenario(plan.provider, plan.scenario!, {
      url: plan.url,
      signer: plan.signer,
      options: plan.options,
      chaos: plan.chaos,
      extraHeaders: plan.request.headers ?? {},
      shuffle: what?.shuffle ?? false,
      duplicateRate: what?.duplicateRate ?? 0,
      delayMs: what?.delayMs ?? 0,
      edits: what?.edits,
      expect: plan.expect,
      timeoutMs: plan.timeoutMs,
      stopped,
      sender,
      ...(observe ? { observe } : {}),
      ...(seed !== undefined ? { seed: many ? `${seed}:${i}` : seed } : {}),
      onAttempt: (report) => hooks.onReport?.({ ...report, ...label }),
    });
    const labelled = finals.map((final) => ({ ...final, ...label }));
    hooks.onRunDone?.(labelled.find((final) => !final.ok));
    return labelled;
  };
}
