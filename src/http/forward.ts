import { monotonicMs } from "../lib/clock.js";
import type { Pool } from "undici";
import { endToEndHeaders } from "./hop-by-hop.js";

export interface Relayed {
  status: number;
  headers: [string, string][];
  body: Buffer;
  durationMs: number;
}

export interface Relay {
  /** Sends the same bytes and end-to-end headers to the app and returns its whole answer, or throws (a timeout, a refused connection…). */
  send(method: string, headers: readonly (readonly [string, string])[], body: Buffer): Promise<Relayed>;
  /** Aborts what is in flight (the listener is stopping) and closes the connections. */
  destroy(): Promise<void>;
}

/**
 * A relay to one app through a bounded pool of keep-alive connections: however many senders
 * arrive at once, the app sees at most `connections` of them, and the rest wait their turn
 * rather than exhaust file descriptors. `timeoutMs` bounds the whole answer (headers and body),
 * so an app that trickles its answer cannot hold a sender forever.
 */
export async function createRelay(url: string, options: { connections: number; timeoutMs: number }): Promise<Relay> {
  const { Pool } = await import("undici");
  const target = new URL(url);
  const pool: Pool = new Pool(target.origin, {
    connections: options.connections,
    pipelining: 1,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const path = `${target.pathname}${target.search}`;
  return {
    async send(method, headers, body) {
      const started = monotonicMs();
      const signal = AbortSignal.timeout(options.timeoutMs);
      const response = await pool.request({
        path,
        method: method as "POST",
        headers: endToEndHeaders(headers).flat(),
        body: method === "GET" || method === "HEAD" ? null : body,
        signal,
      });
      const answer = Buffer.from(await response.body.arrayBuffer());
      const pairs: [string, string][] = [];
      for (const [name, value] of Object.entries(response.headers)) {
        for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) pairs.push([name, v]);
      }
      return { status: response.statusCode, headers: endToEndHeaders(pairs), body: answer, durationMs: Math.round(monotonicMs() - started) };
    },
    destroy: () => pool.destroy(),
  };
}
