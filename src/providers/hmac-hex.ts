import { hmacSha256 } from "../lib/crypto.js";

/** `v1=<hex of HMAC-SHA256(secret, body)>`, the scheme Truv (lowercase) and Bridge (uppercase) share. */
export function v1HexSignature(secret: string, body: string | Uint8Array, uppercase = false): string {
  const hex = hmacSha256(secret, body).toString("hex");
  return `v1=${uppercase ? hex.toUpperCase() : hex}`;
}
