import type { ReceivedRequest } from "../listen/types.js";
import type { ListenerSession } from "../listen/session.js";
import { paint } from "./output.js";

/** The start-up lines: where, the secrets to copy into the app (as the Stripe CLI prints its own), what else is served. */
export function banner(session: ListenerSession, opts: { path?: string | undefined; events?: readonly string[] | undefined }): string {
  const { url, forwardTo, verifiers, recorder } = session;
  const width = Math.max(...verifiers.secrets.map((s) => s.provider.length));
  return [
    `${paint.green("wh-sim listening")} on ${paint.bold(`${url}${opts.path ?? ""}`)}${opts.path ? "" : " (any path)"}` +
      (forwardTo ? ` → forwarding to ${paint.bold(forwardTo)}` : ""),
    `${paint.green("Ready!")} Your webhook signing secrets (configure your app with them; ^C to quit):`,
    ...verifiers.secrets.map((s) => `  ${s.provider.padEnd(width)}  ${paint.bold(s.shown)}`),
    ...verifiers.providers
      .filter((p) => p.api)
      .map((p) => paint.dim(`serving: the ${p.displayName} API at ${url} (point its client's base URL here; wh-sim answers its Sandbox offline)`)),
    paint.dim(`control plane: ${url}/_wh-sim/api/v1/ (any language's tests drive it over HTTP; OpenAPI: ${url}/_wh-sim/api/v1/openapi.json)`),
    ...(recorder ? [paint.dim(`recording to ${recorder.file}`)] : []),
    ...(opts.events?.length ? [paint.dim(`showing only: ${opts.events.join(", ")} (every request is still answered${recorder ? " and recorded" : ""})`)] : []),
  ].join("\n");
}

/** `--events invoice.paid,customer.*`: which requests are shown; all when no filter is given. */
export function eventFilter(patterns: readonly string[] | undefined): (r: ReceivedRequest) => boolean {
  if (!patterns?.length) return () => true;
  const matchers = patterns.map((p) => (p.endsWith("*") ? (e: string) => e.startsWith(p.slice(0, -1)) : (e: string) => e === p));
  return (r) => r.inspection?.event !== undefined && matchers.some((m) => m(r.inspection!.event!));
}
