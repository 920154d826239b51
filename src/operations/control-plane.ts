import type { IncomingMessage, ServerResponse } from "node:http";
import { WhSimError } from "../lib/errors.js";
import type { BrowserGuard } from "../listen/browser-guard.js";
import { WaitTimeoutError } from "../listen/received-log.js";
import type { ListenerView } from "../listen/types.js";
import { operations, requestOut } from "./index.js";
import { CONTROL_PLANE_PATH, ENDPOINTS, openApiDocument, type EndpointName } from "./openapi.js";

/** The most a control-plane request body may hold (a trigger's edits, a scenario's options). */
const MAX_BODY = 1024 * 1024;

/**
 * The control plane: the operations over HTTP at /_wh-sim/api/v1/<operation>, answered before the
 * listener sees the request (never shown, recorded or forwarded), behind the inspector's guard:
 * the listener's own names, no page of another site, and beyond loopback the run's token.
 */
export function controlPlane(
  listener: ListenerView,
  guard: () => BrowserGuard | undefined,
  /** Called at each call it answers: from the first on, the listener keeps what arrives (`keepReceived`). */
  onUse: () => void = () => undefined,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  // Named as the endpoints are: each endpoint is the operation of its name.
  const ops: Record<EndpointName, (input: unknown) => unknown> = operations(listener);
  let document: string | undefined;
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://control");
    if (url.pathname !== CONTROL_PLANE_PATH && !url.pathname.startsWith(`${CONTROL_PLANE_PATH}/`)) return false;
    const door = guard();
    const refusal = door ? door.check(req) : { status: 503, message: "wh-sim: the listener is starting\n" };
    if (refusal) {
      res.writeHead(refusal.status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", connection: "close" }).end(refusal.message);
      return true;
    }
    onUse();
    const name = url.pathname.slice(CONTROL_PLANE_PATH.length + 1);
    if (name === "openapi.json" && req.method === "GET") {
      document ??= JSON.stringify(openApiDocument(), null, 2);
      answer(res, 200, document);
      return true;
    }
    if (!Object.hasOwn(ENDPOINTS, name)) {
      answer(
        res,
        404,
        error(`no operation "${name}": the control plane has ${Object.keys(ENDPOINTS).join(", ")} (and openapi.json) under ${CONTROL_PLANE_PATH}/`),
      );
      return true;
    }
    const endpoint = ENDPOINTS[name as EndpointName];
    if (req.method !== endpoint.method) {
      res.setHeader("allow", endpoint.method);
      answer(res, 405, error(`${name} takes ${endpoint.method}, not ${req.method}`));
      return true;
    }
    void readInput(req, url, endpoint.method)
      .then((input) => ops[name as EndpointName](input))
      .then(
        (result) => answer(res, 200, JSON.stringify(result)),
        (failure: unknown) => {
          if (failure instanceof WaitTimeoutError)
            return answer(res, 408, JSON.stringify({ error: { message: failure.message, arrived: failure.arrived.map(requestOut) } }));
          if (failure instanceof WhSimError) return answer(res, 400, error(failure.message, failure.hint));
          answer(res, 500, error(`wh-sim failed: ${(failure as Error).message ?? String(failure)}`));
        },
      );
    return true;
  };
}

/** A POST's JSON body, or a GET's query (numbers read as numbers). */
async function readInput(req: IncomingMessage, url: URL, method: string): Promise<unknown> {
  if (method === "GET") return Object.fromEntries([...url.searchParams].map(([k, v]) => [k, /^\d+$/.test(v) ? Number(v) : v]));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new WhSimError(`the request body is over ${MAX_BODY / 1024 / 1024} MB`, 2);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WhSimError("the request body is not JSON", 2, 'send a JSON object, e.g. {"provider": "stripe", "event": "customer.created"}');
  }
}

const error = (message: string, hint?: string) => JSON.stringify({ error: { message, ...(hint ? { hint } : {}) } });

function answer(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(body);
}
