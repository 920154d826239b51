// The yardstick for `wh-sim trigger stripe customer.created --count n --concurrency 32`: the same
// job written by hand in one process — each delivery a fresh event id and `created`, serialised as
// Stripe does (2-space JSON), signed v1 with HMAC-SHA256, POSTed over Node's keep-alive agent with
// 32 in flight. Exits when every answer is in.
//   node bench/hand-sender.mjs <url> <count> <secret> <template JSON file>
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";

const [url, count, secret, templateFile] = process.argv.slice(2);
const template = JSON.parse(readFileSync(templateFile, "utf8"));
const agent = new Agent({ keepAlive: true, maxSockets: 32 });
const target = new URL(url);
let next = 0;

function deliver() {
  if (next >= Number(count)) return Promise.resolve();
  next++;
  const now = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ ...template, id: `evt_${randomBytes(12).toString("base64url")}`, created: now }, null, 2);
  const signature = createHmac("sha256", secret).update(`${now}.${body}`).digest("hex");
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "stripe-signature": `t=${now},v1=${signature}`, "content-length": Buffer.byteLength(body) },
      },
      (res) => res.resume().on("end", resolve),
    );
    req.on("error", reject);
    req.end(body);
  }).then(deliver);
}

await Promise.all(Array.from({ length: 32 }, deliver));
agent.destroy();
