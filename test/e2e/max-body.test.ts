// A body over --max-body: the 413 reaches Node's own clients (fetch, http.request), which send the
// whole body before they read the answer: the listener reads and drops the rest before closing.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startListenCli } from "../helpers/listen-cli.js";

let listen: ReturnType<typeof startListenCli>;
let base: string;
beforeAll(async () => {
  listen = startListenCli(["--max-body", "1kb"]);
  base = await listen.ready;
});
afterAll(() => listen.stop());

const BIG = Buffer.alloc(8 * 1024 * 1024, 0x61);

describe("a body over --max-body", () => {
  it("Node's fetch reads the 413 (it got EPIPE when the listener closed before reading the body)", async () => {
    const answer = await fetch(`${base}/webhook`, { method: "POST", headers: { "content-type": "application/json" }, body: BIG });
    expect(answer.status).toBe(413);
    expect(await answer.text()).toBe("body over 1024 bytes\n");
  });

  it("so does node:http, and the listener goes on", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/webhook`, { method: "POST", headers: { "content-length": BIG.length } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on("error", reject);
      req.end(BIG);
    });
    expect(status).toBe(413);
    expect((await fetch(`${base}/webhook`, { method: "POST", body: "{}" })).status).toBe(200);
  });
});
