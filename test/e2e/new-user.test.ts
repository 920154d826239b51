// What a new user tripped over, tried again as they would: through the CLI, against real servers.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, trigger } from "../../src/index.js";
import { stripe } from "../../src/providers/stripe/index.js";
import { runCli } from "../helpers/cli.js";
import { startTargetServer } from "../helpers/target-server.js";

const dir = mkdtempSync(join(tmpdir(), "wh-sim-new-user-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

let app: Awaited<ReturnType<typeof startTargetServer>>;
beforeAll(async () => {
  const stripeNode = new Stripe("sk_test_x");
  app = await startTargetServer(({ rawBody, headers }) => {
    try {
      JSON.parse(rawBody.toString());
    } catch {
      return { status: 400, body: "invalid JSON" };
    }
    try {
      return { status: 200, body: stripeNode.webhooks.constructEvent(rawBody, String(headers["stripe-signature"]), stripe.testSecret).id };
    } catch (error) {
      return { status: 400, body: (error as Error).message };
    }
  });
});
afterAll(() => app.close());

describe("run files say what is wrong, never exit silently", () => {
  it.each<[string, string, RegExp]>([
    ["a status that is no status", "expect: 2xxx", /bad\.yml:4: steps\.0\.expect: got "2xxx"; takes a status such as 200, 2xx/],
    ["an unknown chaos name", "chaos: [tampr]", /bad\.yml:4: steps\.0\.chaos: unknown chaos "tampr" \(did you mean tamper\?\); takes duplicate, stale/],
    ["an unknown chaos key", "chaos: { stael: 600 }", /unknown chaos "stael" \(did you mean stale\?\)/],
  ])("%s: file:line, the field, what it got and what it takes; exit 2", async (_name, line, message) => {
    const path = file("bad.yml", `steps:\n  - name: x\n    trigger: stripe invoice.paid\n    ${line}\n`);
    const run = await runCli(["run", path, "--url", app.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("takes expect as a number, a string, a pattern or a list", async () => {
    const before = app.received.length;
    const path = file(
      "expect.yml",
      [
        "steps:",
        ...["200", '"200"', "2xx", "[200, 202]", '"200,202"'].map((e, i) => `  - name: s${i}\n    trigger: stripe invoice.paid\n    expect: ${e}`),
      ].join("\n"),
    );
    const run = await runCli(["run", path, "--url", app.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(app.received.length).toBe(before + 5);
  });
});

describe("a URL must name a host", () => {
  it.each([
    [["trigger", "stripe", "customer.created", "--url", "3000"], "--url 3000 names no host", "http://localhost:3000/webhook"],
    [["trigger", "stripe", "customer.created", "--url", ":3000/hooks"], "--url :3000/hooks names no host", "http://localhost:3000/hooks"],
    [["trigger", "stripe", "customer.created", "--url", "/webhook"], "--url /webhook names no host", "http://localhost:3000/webhook"],
    [["listen", "--port", "0", "--forward-to", "3000"], "--forward-to 3000 names no host", "http://localhost:3000/webhook"],
  ])("%j is a usage error that suggests a URL, and nothing is sent", async (args, message, suggestion) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain(`did you mean ${suggestion}?`);
  });

  it("$WH_SIM_URL and run files are held to the same rule", async () => {
    expect((await runCli(["trigger", "stripe", "customer.created"], { env: { WH_SIM_URL: "8080" } })).stderr).toContain("$WH_SIM_URL 8080 names no host");
    const path = file("url.yml", "steps:\n  - trigger: stripe invoice.paid\n");
    expect(await runCli(["run", path, "--url", "3000"])).toMatchObject({ code: 2, stderr: expect.stringContaining("--url 3000 names no host") });
  });
});

describe("hints that name the real cause", () => {
  it("a --payload that is not JSON is sent with a warning, and the refusal names the malformed body first", async () => {
    const payload = file("broken.json", '{"id": "evt_1", "object": "event",}');
    const run = await runCli(["trigger", "stripe", "customer.created", "--payload", `@${payload}`, "--url", app.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/warning: the --payload body is not valid JSON \(.+\); it is signed and sent as it is/);
    expect(run.stderr).toMatch(/hint: the body sent is not valid JSON \(.+\): the app most likely refused that/);
  });

  it("verify says when a trailing newline (or CRLF) alone explains a mismatch", async () => {
    const dry = await runCli(["trigger", "stripe", "customer.created", "--dry-run", "--json"]);
    const { body, headers } = JSON.parse(dry.stdout) as { body: string; headers: Record<string, string> };
    const header = `Stripe-Signature: ${headers["Stripe-Signature"]}`;
    for (const [ending, name] of [
      ["\n", "newline"],
      ["\r\n", "CRLF"],
    ]) {
      const saved = file(`body-${name}.json`, body + ending);
      const verify = await runCli(["verify", "stripe", "--body", saved, "--header", header]);
      expect(verify.code).toBe(1);
      expect(verify.stderr).toContain(`the body ends in a ${name} the signed body did not have (without it, it verifies)`);
    }
    const exact = file("body.json", body);
    expect((await runCli(["verify", "stripe", "--body", exact, "--header", header])).code).toBe(0);
  });
});

describe("scenario, like trigger", () => {
  it("--dry-run prints every step's delivery and sends nothing; --json one line per delivery", async () => {
    const before = app.received.length;
    const run = await runCli(["scenario", "stripe", "fc-account-lifecycle", "--dry-run", "--json", "--url", app.url]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { step: string; body: string; headers: Record<string, string> });
    expect(lines.map((l) => l.step)).toEqual(["1/5", "2/5", "3/5", "4/5", "5/5"]);
    for (const l of lines)
      expect(() => new Stripe("sk_test_x").webhooks.constructEvent(l.body, l.headers["Stripe-Signature"]!, stripe.testSecret)).not.toThrow();
    expect(app.received.length).toBe(before);
    const text = await runCli(["scenario", "stripe", "fc-account-lifecycle", "--dry-run"]);
    expect(text.stdout.match(/^# step \d\/5$/gm)).toHaveLength(5);
  });

  it("-o, --add and --remove apply to every step whose event has the field; one that fits none is a usage error", async () => {
    const run = await runCli([
      "scenario",
      "stripe",
      "fc-account-lifecycle",
      "--dry-run",
      "--json",
      "-o",
      "data.object.institution_name=Chase",
      "--add",
      "data.object.metadata.order=6735",
      "--remove",
      "data.object.last4",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const objects = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(JSON.parse(l).body).data.object);
    expect(objects.every((o) => o.institution_name === "Chase" && o.last4 === undefined)).toBe(true);
    expect(await runCli(["scenario", "stripe", "fc-account-lifecycle", "--dry-run", "-o", "data.object.nope=1"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("-o data.object.nope=1 fits no step of fc-account-lifecycle"),
    });
  });
});

describe("the library's waitFor", () => {
  it("gives each request once, in arrival order; matches on id, path, verdict and a predicate; refuses unknown keys", async () => {
    const hook = await listen();
    try {
      const first = await trigger("stripe", "customer.created", { url: `${hook.url}/a` });
      const second = await trigger("stripe", "customer.created", { url: `${hook.url}/b` });
      expect((await hook.waitFor({ event: "customer.created" })).id).toBe(first.id);
      expect((await hook.waitFor({ event: "customer.created" })).id).toBe(second.id);
      await trigger("stripe", "invoice.paid", { url: `${hook.url}/c`, chaos: { tamper: true } });
      expect((await hook.waitFor({ verdict: "invalid" })).path).toBe("/c");
      // The first was returned already: it is not given again, and the timeout says so.
      await expect(hook.waitFor({ id: first.id!, timeoutMs: 50 })).rejects.toThrow(/no new \S+ request within 50 ms/);
      const third = await trigger("stripe", "customer.created", { url: `${hook.url}/d` });
      expect((await hook.waitFor({ id: third.id! })).path).toBe("/d");
      const waiting = hook.waitFor((r) => r.path === "/e");
      await trigger("standard", "ping", { url: `${hook.url}/e` });
      expect((await waiting).provider).toBe("standard");
      expect(() => hook.waitFor({ id: "x", evnt: "customer.created" } as never)).toThrow(/waitFor: unknown key "evnt"/);
      await expect(hook.waitFor({ event: "customer.created", timeoutMs: 50 })).rejects.toThrow(
        /no new customer\.created request within 50 ms \(received: customer\.created evt_\w+ \(returned earlier\)/,
      );
    } finally {
      await hook.close();
    }
  });
});
