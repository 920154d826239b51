// A sender of its own process (its own file descriptors): `count` POSTs at once, each on its own
// connection, to `url`. Prints {"statuses":{"202":n,…},"errors":{"ECONNRESET":n,…}} when all are answered or failed.
import { request } from "node:http";

const [url, countText, body, header] = process.argv.slice(2);
const count = Number(countText);
const statuses = {};
const errors = {};
let done = 0;
const finish = () => {
  if (++done === count) process.stdout.write(`${JSON.stringify({ statuses, errors })}\n`);
};
for (let i = 0; i < count; i++) {
  const req = request(
    url,
    { method: "POST", agent: false, headers: { "content-type": "application/json", "stripe-signature": header, connection: "close" } },
    (res) => {
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      res.resume().on("end", finish).on("error", finish);
    },
  );
  req.on("error", (error) => {
    errors[error.code ?? error.message] = (errors[error.code ?? error.message] ?? 0) + 1;
    finish();
  });
  req.end(body);
}
