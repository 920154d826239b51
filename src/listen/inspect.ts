import { isUtf8 } from "node:buffer";
import type { HeaderMap, Provider, Verdict, VerifyContext } from "../providers/types.js";

export type VerdictView =
  { status: "valid"; detail?: string } | { status: "invalid"; reason: string; message: string; hint: string } | { status: "unchecked"; message: string };

export interface Inspection {
  provider?: string;
  event?: string;
  id?: string;
  verdict: VerdictView;
  /** How the body reads: JSON, text, or binary (shown as hex). */
  bodyKind: "empty" | "json" | "text" | "binary";
  json?: unknown;
}

export interface KnownProvider {
  provider: Provider;
  verify?: Omit<VerifyContext, "now">;
}

/** What the request says, and whether the signature of the provider that signed it (`signerOf`) holds. */
export function inspectRequest(body: Uint8Array, headers: HeaderMap, match: KnownProvider | undefined, now: Date): Inspection {
  const { kind, json } = classifyBody(body);
  if (!match) {
    return { bodyKind: kind, json, verdict: { status: "unchecked", message: "no known signature header" } };
  }
  const { provider, verify } = match;
  const described = provider.describe(json, headers);
  const verdict: VerdictView = verify
    ? verdictView(provider.verify(body, headers, verify.jwks ? { secrets: verify.secrets, jwks: verify.jwks, now } : { secrets: verify.secrets, now }))
    : { status: "unchecked", message: `no ${provider.displayName} secret configured` };
  // Field by field, not spread: the listener inspects every request.
  const inspection = { provider: provider.id } as Inspection;
  if (described.event !== undefined) inspection.event = described.event;
  if (described.id !== undefined) inspection.id = described.id;
  inspection.bodyKind = kind;
  inspection.json = json;
  inspection.verdict = verdict;
  return inspection;
}

/** The provider whose signature header the request carries, if any: a signed request is a webhook. */
export function signerOf(headers: HeaderMap, known: readonly KnownProvider[]): KnownProvider | undefined {
  // Loops, not closures: the listener asks this of every request.
  for (const k of known) for (const h of k.provider.signatureHeaders) if (headers[h] !== undefined) return k;
  return undefined;
}

/** A provider verdict in the one shape the CLI, the listener, recordings and the library all use. */
export function verdictView(verdict: Verdict): VerdictView {
  return verdict.ok
    ? verdict.detail
      ? { status: "valid", detail: verdict.detail }
      : { status: "valid" }
    : { status: "invalid", reason: verdict.reason, message: verdict.message, hint: verdict.hint };
}

/**
 * The body as text (a leading byte order mark dropped, as TextDecoder drops it), or undefined when
 * it is not valid UTF-8. Checked, then decoded: a fatal TextDecoder cost more than the JSON parse.
 */
export function utf8Text(body: Uint8Array): string | undefined {
  if (!isUtf8(body)) return undefined;
  const bom = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  return Buffer.from(body.buffer, body.byteOffset + bom, body.byteLength - bom).toString("utf8");
}

/** How a body reads: empty, JSON (parsed), text, or binary (not UTF-8, or control characters). */
export function classifyBody(body: Uint8Array): { kind: Inspection["bodyKind"]; json?: unknown } {
  if (body.length === 0) return { kind: "empty" };
  const text = utf8Text(body);
  if (text === undefined) return { kind: "binary" };
  try {
    return { kind: "json", json: JSON.parse(text) };
  } catch {
    return { kind: hasControlCharacters(text) ? "binary" : "text" };
  }
}

/** C0 control characters other than tab, newline, vertical tab, form feed and carriage return. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x08 || (c >= 0x0e && c <= 0x1f)) return true;
  }
  return false;
}
