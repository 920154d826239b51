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
