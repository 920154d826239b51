import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { listen, type Hook } from "../library/listen.js";
import { fileRoots } from "./files.js";
import { createMcpServer } from "./server.js";

/**
 * `wh-sim mcp`: wh-sim's tools over stdio, for agent configurations that start a command. A
 * listener is started (and stopped) by the tools, in this process; the server ends when its
 * client closes stdin.
 */
export async function runMcpStdio(extraFolders: readonly string[] = []): Promise<void> {
  let hook: Hook | undefined;
  const server = createMcpServer({
    listener: () => hook,
    fileRoots: fileRoots(extraFolders),
    async start(options) {
      await hook?.close();
      hook = await listen(options);
      return hook;
    },
    async stop() {
      await hook?.close();
      hook = undefined;
    },
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
  await server.connect(transport);
  process.stdin.once("end", () => void server.close());
  await closed;
  await hook?.close();
}
