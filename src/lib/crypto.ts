import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** HMAC-SHA256 of the data, given in one piece or several (no copy to join them). */
export function hmacSha256(key: string | Uint8Array, ...data: (string | Uint8Array)[]): Buffer {
  const hmac = createHmac("sha256", key);
  for (const piece of data) hmac.update(piece);
  return hmac.digest();
}

/** The SHA-256 of the data, in hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Constant-time comparison that first checks lengths (timingSafeEqual throws on a mismatch). */
export function safeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const HEX = "0123456789abcdef";
