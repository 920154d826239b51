import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDelivery } from "../../src/delivery.js";
import { hmacSigner } from "../../src/credentials.js";
import { deliver } from "../../src/http/deliver.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { STRIPE_API_VERSIONS, STRIPE_EVENTS } from "../../src/providers/stripe/events.generated.js";
import { startTargetServer } from "../helpers/target-server.js";
import { has } from "../helpers/system-tools.js";

const SECRET = stripe.testSecret;
const stripeNode = new Stripe("sk_test_wh_sim");

/** The app under test: verifies every request with stripe-node's constructEvent. */
function verifyingApp(secret: string, receivedAt?: () => number) {
  return startTargetServer(({ rawBody, headers }) => {
    try {
      const event = stripeNode.webhooks.constructEvent(rawBody, headers["stripe-signature"] as string, secret, undefined, undefined, receivedAt?.());
      return { status: 200, body: event.type };
    } catch (error) {
      return { status: 400, body: (error as Error).message };
    }
  });
}

const send = async (url: string, event: string, secrets = [SECRET], now = new Date()) => {
  const prepared = await prepareDelivery(stripe, { choice: stripe.resolveEvent(event, {}), signer: hmacSigner(stripe, secrets), options: {}, now });
  return deliver({ url, body: prepared.body, headers: prepared.headers, timeoutMs: 10_000 });
};

describe("stripe-node constructEvent accepts what trigger sends", () => {
  let app: Awaited<ReturnType<typeof verifyingApp>>;
  beforeAll(async () => (app = await verifyingApp(SECRET)));
  afterAll(() => app.close());

  it("for every one of the 275 events and every variant", async () => {
    const names = STRIPE_EVENTS.flatMap((e) => [e.name, ...(e.variants ?? []).map((v) => `${e.name}@${v}`)]);
    const results = await Promise.all(names.map(async (name) => ({ name, ...(await send(app.url, name)) })));
    const rejected = results.filter((r) => r.status !== 200).map((r) => `${r.name}: ${r.body}`);
    expect(rejected).toEqual([]);
    expect(results.map((r) => r.body)).toEqual(names.map((n) => n.split("@")[0]));
    expect(results.length).toBeGreaterThanOrEqual(275);
  });

  it("with rotation, by either secret", async () => {
    const other = await verifyingApp("whsec_rotatedSecret");
    try {
      const both = [SECRET, "whsec_rotatedSecret"];
      expect((await send(app.url, "customer.created", both)).status).toBe(200);
      expect((await send(other.url, "customer.created", both)).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it("and rejects a wrong secret or a stale timestamp", async () => {
    const wrong = await send(app.url, "customer.created", ["whsec_wrong"]);
    expect(wrong).toMatchObject({ status: 400, body: expect.stringContaining("No signatures found matching") });
    const stale = await send(app.url, "customer.created", [SECRET], new Date(Date.now() - 301_000));
    expect(stale).toMatchObject({ status: 400, body: expect.stringContaining("Timestamp outside the tolerance zone") });
  });
});

describe.runIf(has("python3-stripe"))("Stripe's Python library accepts what trigger sends", () => {
  // Debian's python3-stripe, under Debian's own python3 (.ci/run installs it).
  const PYTHON = "/usr/bin/python3";

  it("for every event and variant, at every API version wh-sim shapes", async () => {
    const inputs = STRIPE_API_VERSIONS.flatMap((apiVersion) =>
      STRIPE_EVENTS.filter((e) => e.versions.includes(apiVersion)).flatMap((e) =>
        [e.name, ...(e.variants ?? []).map((v) => `${e.name}@${v}`)].map((input) => ({ input, apiVersion })),
      ),
    );
    const deliveries = await Promise.all(
      inputs.map(async ({ input, apiVersion }, i) => {
        // Every other one with the diagnostic items in its header: Python's library must ignore them.
        const options = { apiVersion, ...(i % 2 ? { signatureDiagnostics: true } : {}) };
        const prepared = await prepareDelivery(stripe, {
          choice: stripe.resolveEvent(input, options),
          signer: hmacSigner(stripe, [SECRET]),
          options,
          now: new Date(),
        });
        return { body: prepared.body, header: prepared.headers["Stripe-Signature"], secret: SECRET };
      }),
    );
    const run = spawnSync(PYTHON, [fileURLToPath(new URL("../helpers/stripe_python_verify.py", import.meta.url))], {
      input: deliveries.map((d) => JSON.stringify(d)).join("\n") + "\n",
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.stderr, "is Debian's python3-stripe installed? (apt-get install -y python3-stripe)").toBe("");
    const verdicts = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { ok: boolean; type?: string; error?: string });
    expect(verdicts.filter((v) => !v.ok)).toEqual([]);
    expect(verdicts.map((v) => v.type)).toEqual(inputs.map((i) => i.input.split("@")[0]));
    expect(verdicts.length).toBe(289 + 289 + 279);
  });
});
