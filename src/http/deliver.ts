import { DeliveryError, UsageError } from "../lib/errors.js";
import { readUserFile } from "../input.js";
import type { HeaderMap } from "../providers/types.js";
import { classifyNetworkError } from "./network-error.js";

export interface DeliveryRequest {
  readonly url: string;
  /** The exact bytes that were signed: never an object (house rule 2). */
  readonly body: string | Uint8Array;
  readonly headers: HeaderMap;
  readonly timeoutMs: number;
  readonly insecure?: boolean | undefined;
  /** Path of a PEM file with a private CA to trust. */
  readonly ca?: string | undefined;
  readonly method?: string;
}

export interface DeliveryResult {
  readonly status: number;
  readonly headers: HeaderMap;
  readonly body: string;
  readonly durationMs: number;
}

/** POSTs the bytes with undici, honouring HTTP(S)_PROXY / NO_PROXY; network failures become DeliveryErrors. */
export async function deliver(request: DeliveryRequest): Promise<DeliveryResult> {
  if (typeof request.body !== "string" && !(request.body instanceof Uint8Array)) {
    throw new TypeError("deliver() sends the signed bytes, not an object");
  }
  const target = parseUrl(request.url);
  const { request: send, EnvHttpProxyAgent } = await import("undici");
  const connect = {
    ...(request.insecure ? { rejectUnauthorized: false } : {}),
    ...(request.ca ? { ca: await readUserFile("--ca", request.ca) } : {}),
  };
  const dispatcher = new EnvHttpProxyAgent({ connect, headersTimeout: request.timeoutMs, bodyTimeout: request.timeoutMs });
  const started = performance.now();
  try {
    const response = await send(target, {
      method: (request.method ?? "POST") as "POST",
      headers: request.headers,
      body: request.body,
      dispatcher,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const body = await response.body.text();
    const headers: HeaderMap = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    return { status: response.statusCode, headers, body, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    throw networkError(error, target, request.timeoutMs);
  } finally {
    void dispatcher.close();
  }
}

function parseUrl(url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new UsageError(`invalid URL "${url}"`, "give a full URL, e.g. http://localhost:3000/webhook");
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new UsageError(`unsupported URL scheme ${target.protocol}`, "use an http:// or https:// URL");
  }
  return target;
}

function networkError(error: unknown, target: URL, timeoutMs: number): DeliveryError {
  const { kind, reason, hint } = classifyNetworkError(error, target, timeoutMs);
  const message =
    kind === "refused"
      ? `nothing is listening at ${target.origin} (connection refused)`
      : kind === "timeout"
        ? `no response from ${target.href} within ${timeoutMs} ms`
        : kind === "dns" || kind === "tls"
          ? reason
          : `delivery to ${target.href} failed: ${reason}`;
  return new DeliveryError(message, hint);
}
