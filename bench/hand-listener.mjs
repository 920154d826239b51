// The yardstick for `wh-sim listen --json --record`: the same job written by hand, as tightly as a
// competent engineer would — read the body, check Stripe's v1 HMAC in constant time with a 300 s
// tolerance, parse the JSON, write one JSON line per request to stdout, and append the request
// (headers, base64 body) to an NDJSON file through a write stream. Prints its port, then serves.
//   node bench/hand-listener.mjs <secret> <record file>
import { createHmac, timingSafeEqual } from "node:crypto";
import { createWriteStream } from "node:fs";
import { createServer } from "node:http";

const [secret, file] = process.argv.slice(2);
const record = createWriteStream(file, { flags: "a" });

function verified(body, header) {
  let t;
  const v1 = [];
  for (const part of (header ?? "").split(",")) {
    const [k, v] = part.split("=");
    if (k === "t") t = Number(v);
    else if (k === "v1" && v) v1.push(Buffer.from(v, "hex"));
  }
  if (!t || v1.length === 0 || Math.floor(Date.now() / 1000) - t > 300) return false;
  const expected = createHmac("sha256", secret).update(`${t}.`).update(body).digest();
  return v1.some((s) => s.length === expected.length && timingSafeEqual(s, expected));
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const valid = verified(body, req.headers["stripe-signature"]);
    let event = {};
    try {
      event = JSON.parse(body.toString("utf8"));
    } catch {
      // Not JSON: still answered, shown and recorded.
    }
    res.writeHead(valid ? 200 : 400).end();
    const time = new Date().toISOString();
    process.stdout.write(`${JSON.stringify({ time, path: req.url, type: event.type ?? null, id: event.id ?? null, valid, status: valid ? 200 : 400 })}\n`);
    record.write(`${JSON.stringify({ time, method: req.method, path: req.url, headers: req.rawHeaders, body: body.toString("base64") })}\n`);
  });
});
server.listen(0, "127.0.0.1", () => console.error(server.address().port));
process.on("SIGTERM", () => server.close(() => record.end(() => process.exit(0))));
