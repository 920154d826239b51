import { hmacSha256 } from "./crypto.js";

/** `v1=<hex of HMAC-SHA256(secret, body)>`, the scheme Truv (lowercase) and Bridge (uppercase) share. */
export function v1HexSignature(secret: string, body: string | Uint8Array, uppercase = false): string {
  const hex = hmacSha256(secret, body).toString("hex");
  return `v1=${uppercase ? hex.toUpperCase() : hex}`;
}

/** The event name and id fields a JSON body carries, for display. */
export function describeFields(payload: unknown, eventKey: string, idKey?: string): { event?: string; id?: string } {
  const p = payload as Record<string, unknown> | null;
  const event = p?.[eventKey];
  const id = idKey ? p?.[idKey] : undefined;
  return { ...(typeof event === "string" ? { event } : {}), ...(typeof id === "string" || typeof id === "number" ? { id: String(id) } : {}) };
}
