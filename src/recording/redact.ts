/**
 * Credentials an app sends the offline provider APIs (Stripe's key in `Authorization`, Truv's
 * `X-Access-Secret`, Bridge's `Client-Secret`, Plaid's `PLAID-SECRET` or body `secret`) and a
 * browser's cookie or wh-sim token: never kept verbatim in a recording, the inspector, its exports
 * or MCP's results, unless asked for (`wh-sim listen --keep-credentials`, for debugging). Signatures
 * are not credentials (they are made for one body): they stay, so that a recording replays.
 */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-access-secret", "client-secret", "plaid-secret", "x-wh-sim-token"]);
const CREDENTIAL_FIELDS = ["secret", "client_secret"];
const REDACTED = "[redacted]";

/** Headers with each credential's value replaced (an `Authorization` keeps its scheme: `Bearer [redacted]`). */
export function redactHeaders(headers: [string, string][]): [string, string][] {
  let out: [string, string][] | undefined;
  for (let i = 0; i < headers.length; i++) {
    const [name, value] = headers[i]!;
    if (!CREDENTIAL_HEADERS.has(name.toLowerCase())) continue;
    out ??= headers.slice();
    const scheme = /^(\w+) \S/.exec(value)?.[1];
    out[i] = [name, scheme && name.toLowerCase().endsWith("authorization") ? `${scheme} ${REDACTED}` : REDACTED];
  }
  return out ?? headers;
}

/** A JSON body's top-level credential fields (Plaid's `secret`) replaced; any other body as it is. */
export function redactBody(body: Buffer): Buffer {
  if (body[0] !== 0x7b || !CREDENTIAL_FIELDS.some((f) => body.includes(`"${f}"`))) return body;
  try {
    const json = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
    let changed = false;
    for (const field of CREDENTIAL_FIELDS)
      if (typeof json[field] === "string") {
        json[field] = REDACTED;
        changed = true;
      }
    return changed ? Buffer.from(JSON.stringify(json)) : body;
  } catch {
    return body;
  }
}
