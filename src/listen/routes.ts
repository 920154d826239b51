import type { ServerResponse } from "node:http";
import type { HeaderMap, JsonObject } from "../providers/types.js";
import { apiFor, type ListenerApi } from "./api.js";
import type { Exchange, HandlerContext } from "./types.js";
import type { Inspection } from "./inspect.js";
import { LISTENER_MARK } from "../http/listener-mark.js";

/**
 * A request to a provider's API (Plaid's, Stripe's, with Plaid's key endpoint), answered and
 * reported as such, never as a webhook; undefined (decided at once, nothing awaited: the listener
 * asks this of every webhook) when it is neither. A signed request is a webhook, whatever its body
 * holds; an API call carries the provider's credentials instead.
 */
export function providerRouteFor(
  exchange: Exchange,
  request: { body: Buffer; map: HeaderMap; pathname: string; signed: boolean },
  context: HandlerContext,
): ((res: ServerResponse) => Promise<void>) | undefined {
  const { options, now, report } = context;
  const { method } = exchange;
  const { body, map, pathname } = request;
  if (request.signed || !options.apis?.length) return undefined;
  const call = { method, path: pathname, query: exchange.path.slice(pathname.length), headers: map, body };
  const api = apiFor(options.apis, call);
  if (!api) return undefined;
  return async (res) => {
    const out = await api.answer(call, now());
    const status = await send(res, out.status, JSON.stringify(out.body, null, 2), { "content-type": "application/json", ...out.headers });
    const about = { ...(out.subject ? { subject: out.subject } : {}), ...(out.error ? { error: out.error } : {}) };
    report(exchange, { body, size: body.length, status, api: { provider: api.provider, endpoint: `${method} ${pathname}`, ...about } });
  };
}

/** A verified webhook of a provider whose API the listener answers: what it says is made true for the calls that follow. */
export function observeWebhook(
  apis: readonly ListenerApi[] | undefined,
  inspection: Inspection,
  body: Buffer,
  now: Date,
  warn?: (message: string) => void,
): void {
  if (inspection.verdict.status !== "valid" || inspection.bodyKind !== "json") return;
  try {
    apis?.find((a) => a.provider === inspection.provider)?.observe(inspection.json as JsonObject, body, now);
  } catch (error) {
    // Remembering what a webhook says (under $WH_SIM_HOME) must never cost the sender its answer.
    warn?.(`could not keep what a ${inspection.provider} webhook says: ${(error as Error).message}`);
  }
}

/**
 * Answers, and calls `then` with the status once the answer was handed to the connection, or with
 * null when the sender was gone first: what the listener reports is what was sent. The usual answer
 * leaves in one write the socket takes whole, and is known sent at once, without waiting for `finish`.
 */
export function answer(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: HeaderMap | undefined,
  then: (sent: number | null) => void,
  exact = false,
): void {
  if (res.headersSent || res.destroyed) return then(res.writableFinished ? res.statusCode : null);
  if (exact) res.writeHead(status, headers ?? {}).end(body);
  else {
    // Headers set, then the body ended in: Node then gives the answer's length (`Content-Length`,
    // 0 for the usual empty answer, which names no header at all) rather than chunks.
    res.statusCode = status;
    res.setHeader(LISTENER_MARK.name, LISTENER_MARK.value);
    if (body.length > 0 || headers) res.setHeader("content-type", "text/plain; charset=utf-8");
    if (headers) for (const name in headers) res.setHeader(name, headers[name]!);
    res.end(body);
  }
  if (res.writableFinished && res.socket && !res.socket.destroyed) return then(status);
  let settled = false;
  const settle = (sent: number | null) => {
    if (settled) return;
    settled = true;
    then(sent);
  };
  res.once("finish", () => settle(status));
  res.once("close", () => settle(res.writableFinished ? status : null));
}

/** `answer`, as a promise. */
export function send(res: ServerResponse, status: number, body: string | Buffer, headers?: HeaderMap, exact = false): Promise<number | null> {
  return new Promise((resolve) => answer(res, status, body, headers, resolve, exact));
}
