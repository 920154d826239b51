import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { createBrowserGuard } from "../listen/browser-guard.js";
import { createMcpServer, type McpContext } from "./server.js";

/**
 * `listen --mcp`: the tools over Streamable HTTP on a port of their own, sharing the listener's
 * state. Host and Origin are checked as the MCP specification requires, with the inspector's rule
 * (a foreign name gets 403); each request is answered by a server of its own (stateless), which
 * is all the tools need: their state is the listener's.
 */
export async function serveMcpHttp(context: McpContext, options: { host: string; port: number; allowedHosts: readonly string[]; token?: string | undefined }) {
  // Made once the port is known: the guard checks the Host names this port.
  const ready: { guard?: ReturnType<typeof createBrowserGuard> } = {};
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    // The inspector's rules exactly: the listener's own names, no page of another origin, and bound
    // beyond loopback the run's token (an agent on this machine, on loopback, needs none).
    const refusal = ready.guard ? ready.guard.check(req) : { status: 503 as const, message: "wh-sim: starting\n" };
    if (refusal) return void res.writeHead(refusal.status, { "content-type": "text/plain" }).end(refusal.message);
    if (new URL(req.url ?? "/", "http://x").pathname !== "/mcp")
      return void res.writeHead(404, { "content-type": "text/plain" }).end("wh-sim serves MCP at /mcp\n");
    const server = createMcpServer(context);
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    void server.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port, options.host, resolve);
  });
  const { port } = http.address() as AddressInfo;
  ready.guard = createBrowserGuard({
    boundHost: options.host,
    port,
    allowedHosts: options.allowedHosts,
    door: "MCP",
    ...(options.token ? { token: options.token } : {}),
  });
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/mcp`,
    /** The token an agent must send (Authorization: Bearer …), when the listener is reachable from the network. */
    token: ready.guard.token,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
