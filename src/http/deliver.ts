import { readFile } from "node:fs/promises";
import { DeliveryError, UsageError } from "../errors.js";
import type { HeaderMap } from "../providers/types.js";

export interface DeliveryRequest {
  readonly url: string;
  /** The exact bytes that were signed: never an object (house rule 2). */
  readonly body: string | Uint8Array;
  readonly headers: HeaderMap;
  readonly timeoutMs: number;
  readonly insecure?: boolean;
  /** Path of a PEM file with a private CA to trust. */
  readonly ca?: string;
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
    ...(request.ca ? { ca: await readFile(request.ca, "utf8").catch(() => { throw new UsageError(`cannot read --ca file ${request.ca}`); }) } : {}),
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

function networkError(error: unknown, target: URL, timeoutMs: number): Error {
  const code = errorCode(error);
  const where = target.origin;
  if (code === "ECONNREFUSED") {
    const docker = ["localhost", "127.0.0.1", "[::1]"].includes(target.hostname)
      ? "; from inside Docker, localhost is the container: use http://host.docker.internal:" + (target.port || "80")
      : "";
    return new DeliveryError(
      `nothing is listening at ${where} (connection refused)`,
      `start your app or \`wh-sim listen --port ${target.port || (target.protocol === "https:" ? 443 : 80)}\`, or pass --url${docker}`,
    );
  }
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "ABORT_ERR" || code === "TimeoutError" || code === "UND_ERR_ABORTED") {
    return new DeliveryError(`no response from ${target.href} within ${timeoutMs} ms`, "raise --timeout, or check that the handler answers (providers give up after about 10 s)");
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new DeliveryError(`cannot resolve host ${target.hostname}`, "check the --url host name");
  }
  if (code?.startsWith("CERT_") || code?.includes("SELF_SIGNED") || code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE") {
    return new DeliveryError(`TLS certificate of ${where} not trusted (${code})`, "pass --ca <file> for a private CA, or --insecure for a self-signed staging host");
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`delivery to ${target.href} failed: ${code ? `${code}: ` : ""}${message}`);
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const { code, name } = e as { code?: unknown; name?: unknown };
    if (typeof code === "string" && code !== "UND_ERR_SOCKET") return code;
    if (name === "TimeoutError" || name === "AbortError") return "TimeoutError";
  }
  return undefined;
}
