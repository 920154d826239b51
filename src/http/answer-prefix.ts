/** How much of an answer's body is kept: enough to show why a handler refused, never a whole download. */
export const RESPONSE_PREFIX_BYTES = 64 * 1024;

/**
 * The first RESPONSE_PREFIX_BYTES of an answer's body (undici's or Node's: both are async
 * iterables); the rest is not read, and the body is destroyed, which drops the connection.
 */
export async function readPrefix(body: AsyncIterable<Uint8Array> & { destroy(): unknown }): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let truncated = false;
  for await (const chunk of body) {
    const room = RESPONSE_PREFIX_BYTES - kept;
    if (chunk.length > room) {
      chunks.push(Buffer.from(chunk.subarray(0, room)));
      truncated = true;
      break;
    }
    chunks.push(Buffer.from(chunk));
    kept += chunk.length;
  }
  if (truncated) body.destroy();
  return { text: Buffer.concat(chunks).toString("utf8"), truncated };
}
