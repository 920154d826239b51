// The README's library example, run as it is written: in this repository (wh-sim refers to
// itself by its package name) and, in the slow lane, in a fresh package that installs the tarball.
import { afterAll, beforeAll, expect, test } from "vitest";
import { listen, scenario, trigger, type Hook } from "wh-sim";

let hook: Hook;
beforeAll(async () => {
  hook = await listen(); // a receiver on a free port that verifies every provider
});
afterAll(() => hook.close());

test("a Stripe event arrives, signed as Stripe signs it", async () => {
  const sent = await trigger("stripe", "customer.created", { url: `${hook.url}/webhook` });
  expect(sent.ok).toBe(true);
  const received = await hook.waitFor({ provider: "stripe", event: "customer.created" });
  expect(received.verdict.status).toBe("valid");
  expect(received.id).toBe(sent.id);
});

test("a tampered delivery is caught, with the reason", async () => {
  await trigger("plaid", "ITEM.ERROR", { url: `${hook.url}/plaid`, chaos: { tamper: true } });
  const received = await hook.waitFor({ provider: "plaid", event: "ITEM.ERROR" });
  expect(received.verdict).toMatchObject({ status: "invalid", reason: "body-changed" });
});

test("a scenario arrives in order, one account throughout", async () => {
  const reports = await scenario("stripe", "fc-account-lifecycle", { url: `${hook.url}/fc` });
  expect(reports.every((r) => r.ok)).toBe(true);
  const reactivated = await hook.waitFor({ event: "financial_connections.account.reactivated" });
  const created = await hook.waitFor({ event: "financial_connections.account.created" });
  const account = (r: { body: Buffer }) => JSON.parse(r.body.toString()).data.object.id;
  expect(account(reactivated)).toBe(account(created));
});
