import { registerCatalogueTools } from "./catalogue-tools.js";
import { registerListenerTools } from "./listener-tools.js";
import { registerSendingTools } from "./sending-tools.js";
import { fileRoots } from "./files.js";
export type { McpContext } from "./context.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { packageVersion } from "../lib/package-version.js";

import type { McpContext } from "./context.js";

/** wh-sim's tools, resources and prompt, over any transport. */
export function createMcpServer(context: McpContext): McpServer {
  const server = new McpServer({ name: "wh-sim", version: packageVersion() }, { capabilities: { tools: {}, resources: {}, prompts: {} } });
  registerCatalogueTools(server);
  registerSendingTools(server, context, context.fileRoots ?? fileRoots());
  registerListenerTools(server, context);
  return server;
}
