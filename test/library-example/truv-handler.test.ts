// test/library-example/truv-handler.test.ts: the handler's whole flow, offline: wh-sim answers
// Truv's API as the events it sent left it, and a data refresh sends the webhooks Truv would.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { listen, trigger, truvPublicToken, type Hook } from "wh-sim";
import { exchangePublicToken, handleTruvWebhook, type Records, type TruvConfig } from "./truv-handler.js";

let truv: Hook;
let config: TruvConfig;
let app: Server;
let url: string;
const records: Records = { suborders: new Map(), incomes: new Map() };
let answered: (status: number) => void = () => undefined;
const nextAnswer = () => new Promise<number>((resolve) => (answered = resolve));
const link = "d8a8945ee2b049b193110cfba643f5df";

beforeAll(async () => {
  truv = await listen(); // wh-sim's Truv, offline: its API, and the webhooks its calls cause
  config = { baseUrl: truv.url, clientId: "client", secret: truv.secrets.find((s) => s.provider === "truv")!.shown };
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const status = await handleTruvWebhook(config, records, Buffer.concat(chunks), req.headers["x-webhook-sign"] as string | undefined);
      res.writeHead(status).end();
      answered(status);
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/truv`;
});
afterAll(async () => {
  await truv.close();
  await new Promise((resolve) => app.close(resolve));
});

test("a finished task's income report has the statements Truv counted; the order shows its employer's status", async () => {
  await trigger("truv", "statements-created", { url, overrides: { link_id: link, objects_count: 4 } });
  await trigger("truv", "task-status-updated", { url, overrides: { link_id: link, status: "done" } });
  expect(records.incomes.get(link)).toMatchObject({ statements: 4 });
  await trigger("truv", "order-status-updated", { url, overrides: { employer_id: "d7166cffbfef4bd6a9e830cf5508e615", status: "completed" } });
  expect(records.suborders.get("d7166cffbfef4bd6a9e830cf5508e615")).toBe("completed");
});

test("a data refresh sends task-status-updated to the registered webhook: the report now counts one more", async () => {
  const register = { name: "app", webhook_url: url, events: ["task-status-updated"], env_type: "sandbox" };
  const headers = { "X-Access-Client-Id": config.clientId, "X-Access-Secret": config.secret, "Content-Type": "application/json" };
  expect((await fetch(`${truv.url}/v1/webhooks/`, { method: "POST", headers, body: JSON.stringify(register) })).status).toBe(201);
  const { access_token } = await exchangePublicToken(config, truvPublicToken(link)); // what Truv Bridge hands your page
  const status = nextAnswer();
  await fetch(`${truv.url}/v1/refresh/tasks/`, { method: "POST", headers, body: JSON.stringify({ access_token }) });
  expect(await status).toBe(200);
  expect(records.incomes.get(link)).toMatchObject({ statements: 5 });
});

test("a webhook signed with another secret is refused", async () => {
  const forged = await trigger("truv", "task-status-updated", { url, chaos: { wrongSecret: true } });
  expect(forged.status).toBe(401);
});
