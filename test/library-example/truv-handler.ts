// test/library-example/truv-handler.ts: a Truv webhook handler. It checks X-WEBHOOK-SIGN as Truv's
// quickstart does, then calls Truv back: the order as it is now, and a finished link's income report.
import { createHmac, timingSafeEqual } from "node:crypto";

export interface TruvConfig {
  baseUrl: string; // https://prod.truv.com in production
  clientId: string;
  secret: string; // the access secret: Truv signs its webhooks with it too
}

export interface Records {
  suborders: Map<string, string>; // employer id → status
  incomes: Map<string, { employer: string; income: string; statements: number }>; // link id → income
}

async function truv<T>(config: TruvConfig, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${config.baseUrl}${path}`, {
    method,
    headers: { "X-Access-Client-Id": config.clientId, "X-Access-Secret": config.secret, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`Truv ${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Your backend's half of Truv Bridge's onSuccess: the public token becomes the link's access token. */
export const exchangePublicToken = (config: TruvConfig, publicToken: string) =>
  truv<{ access_token: string; link_id: string }>(config, "POST", "/v1/link-access-tokens/", { public_token: publicToken });

/** Truv's webhook, answered: 401 unless the signature is Truv's; orders and incomes kept up to date. */
export async function handleTruvWebhook(config: TruvConfig, records: Records, body: Buffer, signature: string | undefined): Promise<number> {
  const expected = Buffer.from(`v1=${createHmac("sha256", config.secret).update(body).digest("hex")}`);
  const given = Buffer.from(signature ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 401;
  const event = JSON.parse(body.toString("utf8")) as { event_type: string; status?: string; order_id?: string; link_id?: string };
  if (event.event_type === "order-status-updated") {
    const order = await truv<{ employers: { id: string; status: string }[] }>(config, "GET", `/v1/orders/${event.order_id}/`);
    for (const employer of order.employers) records.suborders.set(employer.id, employer.status);
  }
  if (event.event_type === "task-status-updated" && event.status === "done") {
    const link = await truv<{ id: string; status: string }>(config, "GET", `/v1/links/${event.link_id}/`);
    type Employment = { company: { name: string }; income: string; statements: unknown[] };
    const report = await truv<{ employments: Employment[] }>(config, "GET", `/v1/links/${link.id}/income/report/`);
    for (const e of report.employments) records.incomes.set(link.id, { employer: e.company.name, income: e.income, statements: e.statements.length });
  }
  return 200;
}
