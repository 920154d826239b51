import { endToEndHeaders } from "./hop-by-hop.js";

export interface Relayed {
  status: number;
  headers: [string, string][];
  body: Buffer;
  durationMs: number;
}

/** Sends the same bytes and end-to-end headers to the app and returns its whole answer. */
export async function relay(url: string, method: string, headers: readonly (readonly [string, string])[], body: Buffer, timeoutMs: number): Promise<Relayed> {
  const { request } = await import("undici");
  const started = performance.now();
  const response = await request(url, {
    method: method as "POST",
    headers: endToEndHeaders(headers).flat(),
    body: method === "GET" || method === "HEAD" ? null : body,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const answer = Buffer.from(await response.body.arrayBuffer());
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(response.headers)) {
    for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) pairs.push([name, v]);
  }
  return { status: response.statusCode, headers: endToEndHeaders(pairs), body: answer, durationMs: Math.round(performance.now() - started) };
}
