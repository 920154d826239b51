import { registerCatalogueTools } from "./catalogue-tools.js";
import { registerListenerTools } from "./listener-tools.js";
import { registerSendingTools } from "./sending-tools.js";
import { fileRoots } from "./files.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { packageVersion } from "../lib/package-version.js";

import type { ListenerView } from "../listen/session.js";

/** What the tools act on: the listener an agent reads from, started by a tool or the one serving MCP. */
export interface McpContext {
  listener(): ListenerView | undefined;
  /** Starts one (stdio); absent when the server is the listener's own (`listen --mcp`). */
  start?(options: { port?: number; secrets?: Record<string, string>; forwardTo?: string }): Promise<ListenerView>;
  stop?(): Promise<void>;
  /** The folders its tools may read files from (`fileRoots`). */
  fileRoots?: readonly string[];
}

/** wh-sim's tools, resources and prompt, over any transport. */
export function createMcpServer(context: McpContext): McpServer {
  const server = new McpServer({ name: "wh-sim", version: packageVersion() }, { capabilities: { tools: {}, resources: {}, prompts: {} } });
  registerCatalogueTools(server);
  registerSendingTools(server, context.fileRoots ?? fileRoots());
  registerListenerTools(server, context);
  return server;
}
