import type { Agent as HttpAgent, IncomingMessage } from "node:http";
import type { HeaderMap } from "../providers/types.js";
import { readPrefix } from "./answer-prefix.js";
import type { DeliveryResult } from "./deliver.js";

/** What a plain POST needs from Node's own http/https: no proxy, no redirects followed. */
export interface NodeSenderSettings {
  readonly timeoutMs: number;
  readonly tls: { rejectUnauthorized?: boolean; ca?: string | Buffer };
}

/**
 * Deliveries over Node's own http/https with kept-alive connections: loads in a few milliseconds,
 * where undici takes tens (it is used only when a proxy or redirects are needed). `destroy()`
 * closes every socket at once, so nothing keeps the process alive after the last answer.
 */
export async function nodeTransport(settings: NodeSenderSettings) {
  const [http, https] = await Promise.all([import("node:http"), import("node:https")]);
  const agents = new Map<string, HttpAgent>();
  const agentFor = (protocol: string): HttpAgent => {
    let agent = agents.get(protocol);
    if (!agent) {
      agent = protocol === "https:" ? new https.Agent({ keepAlive: true, ...settings.tls }) : new http.Agent({ keepAlive: true });
      agents.set(protocol, agent);
    }
    return agent;
  };
  const post = (target: URL, method: string, headers: HeaderMap, body: string | Uint8Array): Promise<DeliveryResult> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      // A length, as every provider sends one (without it Node would send the body chunked).
      const sized = Object.keys(headers).some((h) => h.toLowerCase() === "content-length")
        ? headers
        : { ...headers, "Content-Length": String(Buffer.byteLength(body)) };
      const request = (target.protocol === "https:" ? https.request : http.request)(target, { method, headers: sized, agent: agentFor(target.protocol) });
      const timer = setTimeout(
        () => request.destroy(Object.assign(new Error(`no response within ${settings.timeoutMs} ms`), { name: "TimeoutError" })),
        settings.timeoutMs,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      request.on("error", fail);
      request.on("response", (response: IncomingMessage) => {
        readPrefix(response).then(({ text, truncated }) => {
          clearTimeout(timer);
          const answer: HeaderMap = {};
          for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) answer[name] = Array.isArray(value) ? value.join(", ") : value;
          resolve({ status: response.statusCode ?? 0, headers: answer, body: text, truncated, durationMs: Math.round(performance.now() - started) });
        }, fail);
      });
      request.end(body);
    });
  return {
    post,
    destroy: () => {
      for (const agent of agents.values()) agent.destroy();
    },
  };
}
