import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  rawBody: Buffer;
}

type Responder = (request: ReceivedRequest) => { status: number; body?: string } | Promise<{ status: number; body?: string }>;

/** A real node:http server on 127.0.0.1:<ephemeral> that keeps every request and awaits the next one. */
export async function startTargetServer(respond: Responder = () => ({ status: 200, body: "ok" })) {
  const received: ReceivedRequest[] = [];
  const waiters: ((r: ReceivedRequest) => void)[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const request = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, rawBody: Buffer.concat(chunks) };
      received.push(request);
      waiters.shift()?.(request);
      const { status, body } = await respond(request);
      res.writeHead(status, { "content-type": "text/plain" }).end(body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    nextRequest: () => new Promise<ReceivedRequest>((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
