#!/usr/bin/env node
// Benchmarks, each reported as a ratio against a baseline measured in the same run on the same
// machine (absolute numbers vary; ratios are what to compare between commits).
//   1. start-up: `wh-sim --help` vs `node -e 0`
//   2. render + sign: wh-sim's trigger pipeline vs a bare JSON.parse/stringify + HMAC of the same body
//   3. receive: `wh-sim listen`'s server (inspect + verify + format) vs a bare node:http server
// Run after `npm run build`: node bench/run.mjs
import { spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { formatRequestLine } from "../dist/cli/format-request.js";
import { buildDelivery, loadProvider, setUpVerifiers, startListener } from "../dist/index.js";

const bin = fileURLToPath(new URL("../bin/wh-sim.js", import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
const rows = [];
const report = (name, baseline, ours, unit, lowerIsBetter) =>
  rows.push({
    name,
    baseline: `${baseline.toFixed(1)} ${unit}`,
    "wh-sim": `${ours.toFixed(1)} ${unit}`,
    ratio: `${(lowerIsBetter ? ours / baseline : baseline / ours).toFixed(2)}x`,
  });

// 1. start-up
const runs = 15;
const node0 = median(Array.from({ length: runs }, () => time(() => spawnSync(process.execPath, ["-e", "0"]))));
const help = median(Array.from({ length: runs }, () => time(() => spawnSync(process.execPath, [bin, "--help"]))));
report("start-up (median of 15)", node0, help, "ms", true);

// 2. render + sign
const stripe = await loadProvider("stripe");
const n = 2000;
const sample = await buildDelivery(stripe, "invoice.paid");
const bare = time(() => {
  for (let i = 0; i < n; i++)
    createHmac("sha256", "whsec_x")
      .update(`${i}.${JSON.stringify(JSON.parse(sample.body), null, 2)}`)
      .digest("hex");
});
const t0 = performance.now();
for (let i = 0; i < n; i++) await buildDelivery(stripe, "invoice.paid");
const ours = performance.now() - t0;
report(`render + sign ${n} invoice.paid`, (bare / n) * 1000, (ours / n) * 1000, "µs/event", true);

// 3. receive
async function load(url, body, headers, total = 5000) {
  const agent = new Agent({ connections: 64 });
  const start = performance.now();
  await Promise.all(Array.from({ length: total }, () => request(url, { method: "POST", body, headers, dispatcher: agent }).then((r) => r.body.dump())));
  const seconds = (performance.now() - start) / 1000;
  await agent.close();
  return total / seconds;
}
const plain = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.end());
});
await new Promise((r) => plain.listen(0, "127.0.0.1", r));
const baseRate = await load(`http://127.0.0.1:${plain.address().port}/`, sample.body, sample.headers);
plain.close();
const verifiers = await setUpVerifiers(undefined, {});
let lines = 0;
const listener = await startListener({
  host: "127.0.0.1",
  port: 0,
  status: 200,
  delayMs: 0,
  failRate: 0,
  maxBody: 10 << 20,
  forwardTimeoutMs: 10_000,
  known: verifiers.known,
  routes: verifiers.routes,
  onRequest: (r) => (lines += formatRequestLine(r).length > 0 ? 1 : 0),
});
const ourRate = await load(`${listener.url}/webhook`, sample.body, sample.headers);
await listener.close();
report("receive 5000 signed Stripe events", baseRate, ourRate, "req/s", false);
if (lines !== 5000) throw new Error(`listener reported ${lines} of 5000 requests`);

console.table(rows);
console.log("ratio: how many times slower wh-sim is than the baseline (1.00x = as fast).");
