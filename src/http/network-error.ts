/** What went wrong on the way to a server, in a sentence and a hint that names the likely cause. */
export interface NetworkFailure {
  readonly kind: "refused" | "timeout" | "dns" | "tls" | "reset" | "other";
  /** A short reason, e.g. "connection refused" or "no response within 10000 ms". */
  readonly reason: string;
  readonly hint?: string;
}

/** The one classifier of network errors, for `trigger`/`replay` deliveries and `listen --forward-to` alike. */
export function classifyNetworkError(error: unknown, target: URL, timeoutMs: number): NetworkFailure {
  const code = errorCode(error);
  if (code === "ECONNREFUSED") {
    const local = ["localhost", "127.0.0.1", "[::1]"].includes(target.hostname);
    const port = target.port || (target.protocol === "https:" ? "443" : "80");
    return {
      kind: "refused",
      reason: "connection refused",
      hint: `start your app or \`wh-sim listen --port ${port}\`, or pass --url${local ? `; from inside Docker, localhost is the container: use http://host.docker.internal:${port}` : ""}`,
    };
  }
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "TimeoutError" || code === "UND_ERR_ABORTED") {
    return {
      kind: "timeout",
      reason: `no response within ${timeoutMs} ms`,
      hint: "raise --timeout, or check that the handler answers (providers give up after about 10 s)",
    };
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return { kind: "dns", reason: `cannot resolve host ${target.hostname}`, hint: "check the host name in the URL" };
  const message = error instanceof Error ? error.message : String(error);
  // undici names the OpenSSL error; Node's own https says EPROTO with OpenSSL's words.
  const plainHttp =
    code === "ERR_SSL_WRONG_VERSION_NUMBER" ||
    code === "ERR_SSL_PACKET_LENGTH_TOO_LONG" ||
    (code === "EPROTO" && /wrong version number|packet length too long/i.test(message));
  if (plainHttp) {
    const plain = new URL(target.href);
    plain.protocol = "http:";
    return { kind: "tls", reason: `${target.host} speaks plain HTTP, not TLS`, hint: `this server speaks plain HTTP: use ${plain.href}` };
  }
  if (code?.startsWith("CERT_") || code?.includes("SELF_SIGNED") || code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE") {
    return {
      kind: "tls",
      reason: `TLS certificate of ${target.origin} not trusted (${code})`,
      hint: "pass --ca <file> for a private CA, or --insecure for a self-signed staging host",
    };
  }
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE") return { kind: "reset", reason: `connection reset by ${target.host}` };
  return { kind: "other", reason: code ? `${code}: ${message}` : message };
}

/** The first error code along the `cause` chain (undici wraps the system error). */
function errorCode(error: unknown): string | undefined {
  let socketError = false;
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const { code, name } = e as { code?: unknown; name?: unknown };
    if (code === "UND_ERR_SOCKET") socketError = true;
    else if (typeof code === "string") return code === "ABORT_ERR" ? "TimeoutError" : code;
    if (name === "TimeoutError" || name === "AbortError") return "TimeoutError";
  }
  return socketError ? "UND_ERR_SOCKET" : undefined;
}
