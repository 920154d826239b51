import { monotonicMs } from "../lib/clock.js";
import { DeliveryError, UsageError } from "../lib/errors.js";
import { readUserFile } from "../input.js";
import type { HeaderMap } from "../providers/types.js";
import { classifyNetworkError } from "./network-error.js";
import { wireTransport } from "./wire-sender.js";
import { readPrefix } from "./answer-prefix.js";
import type { DeliveryResult } from "./delivery-result.js";

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

export type { DeliveryResult } from "./delivery-result.js";

/** Sends deliveries over kept-alive connections (proxies from HTTP(S)_PROXY / NO_PROXY honoured) until closed. */
export interface Sender {
  send(request: Omit<DeliveryRequest, "insecure" | "ca" | "timeoutMs">): Promise<DeliveryResult>;
  /** Closes the connections once what is in flight has finished. */
  close(): Promise<void>;
}

/**
 * A Sender for many deliveries: one connection pool, TLS settings read once. Requests written
 * straight to kept-alive sockets when that is enough; undici when a proxy (HTTP(S)_PROXY) or redirects (Truv) are involved.
 */
export async function createSender(settings: {
  timeoutMs: number;
  insecure?: boolean | undefined;
  ca?: string | undefined;
  /** Follow redirects (only Truv documents that it does); others treat a 3xx as a failed delivery. */
  followRedirects?: boolean | undefined;
}): Promise<Sender> {
  const connect = {
    ...(settings.insecure ? { rejectUnauthorized: false } : {}),
    ...(settings.ca ? { ca: await readUserFile("--ca", settings.ca) } : {}),
  };
  const check = (request: Omit<DeliveryRequest, "insecure" | "ca" | "timeoutMs">) => {
    if (typeof request.body !== "string" && !(request.body instanceof Uint8Array)) throw new TypeError("deliver() sends the signed bytes, not an object");
    return parseUrl(request.url);
  };
  if (!settings.followRedirects && !proxyConfigured()) {
    const transport = wireTransport({ timeoutMs: settings.timeoutMs, tls: connect });
    return {
      async send(request) {
        const target = check(request);
        try {
          return await transport.post(target, request.method ?? "POST", request.headers, request.body);
        } catch (error) {
          throw networkError(error, target, settings.timeoutMs);
        }
      },
      close: () => transport.destroy(),
    };
  }
  const { request: send, EnvHttpProxyAgent, interceptors } = await import("undici");
  const agent = new EnvHttpProxyAgent({ connect, headersTimeout: settings.timeoutMs, bodyTimeout: settings.timeoutMs });
  const dispatcher = settings.followRedirects ? agent.compose(interceptors.redirect({ maxRedirections: 5 })) : agent;
  return {
    async send(request) {
      const target = check(request);
      const started = monotonicMs();
      try {
        const response = await send(target, {
          method: (request.method ?? "POST") as "POST",
          headers: request.headers,
          body: request.body,
          dispatcher,
          signal: AbortSignal.timeout(settings.timeoutMs),
        });
        const headers: HeaderMap = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
        }
        const { text, truncated } = await readPrefix(response.body);
        return { status: response.statusCode, headers, body: text, truncated, durationMs: Math.round(monotonicMs() - started) };
      } catch (error) {
        throw networkError(error, target, settings.timeoutMs);
      }
    },
    close: () => agent.close(),
  };
}

/** Proxy variables undici's EnvHttpProxyAgent honours: with any of them set, deliveries go through undici. */
function proxyConfigured(): boolean {
  return ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"].some((name) => process.env[name]);
}

/** POSTs one delivery and closes its connection: a network failure is a DeliveryError that names the likely cause. */
export async function deliver(request: DeliveryRequest): Promise<DeliveryResult> {
  const sender = await createSender(request);
  try {
    return await sender.send(request);
  } finally {
    await sender.close();
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
