import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  rawBody: Buffer;
  /** When it arrived (performance.now()). */
  at: number;
  /** What the app answered. */
  answer?: string;
}

type Answer = { status: number; body?: string; headers?: Record<string, string> };
type Responder = (request: ReceivedRequest) => Answer | Promise<Answer>;

/** A real node:http server on 127.0.0.1:<ephemeral> that keeps every request and awaits the next one. */
export async function startTargetServer(respond: Responder = () => ({ status: 200, body: "ok" })) {
  const received: ReceivedRequest[] = [];
  const waiters: ((r: ReceivedRequest) => void)[] = [];
  const answeredWaiters: (() => void)[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const request: ReceivedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        rawBody: Buffer.concat(chunks),
        at: performance.now(),
      };
      received.push(request);
      waiters.shift()?.(request);
      const { status, body, headers } = await respond(request);
      request.answer = body ?? "";
      res.writeHead(status, { "content-type": "text/plain", ...headers }).end(body ?? "");
      for (const wake of answeredWaiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    nextRequest: () => new Promise<ReceivedRequest>((resolve) => waiters.push(resolve)),
    /** The request at `index` (from 0, in arrival order), once the app answered it: `answer` is set. */
    answered(index: number): Promise<ReceivedRequest> {
      return new Promise((resolve) => {
        const check = () => (received[index]?.answer !== undefined ? resolve(received[index]!) : answeredWaiters.push(check));
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
