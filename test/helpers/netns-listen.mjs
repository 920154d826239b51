// Run inside a private network namespace (`unshare -n node netns-listen.mjs <address> <listen args…>`):
// gives the namespace's loopback interface a non-loopback address (reachable from "the network"
// inside the namespace, and only there), starts `wh-sim listen --host 0.0.0.0 …`, and makes the
// requests given as JSON on stdin, printing each answer's status and body as one JSON line.
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";

const [address, ...args] = process.argv.slice(2);
execFileSync("ip", ["link", "set", "lo", "up"]);
execFileSync("ip", ["addr", "add", `${address}/32`, "dev", "lo"]);
const bin = new URL("../../bin/wh-sim.cjs", import.meta.url).pathname;
const child = spawn(process.execPath, [bin, "listen", "--host", "0.0.0.0", "--port", "0", ...args], {
  stdio: ["ignore", "ignore", "pipe"],
  env: { ...process.env, NO_COLOR: "1" },
});
let stderr = "";
child.stderr.setEncoding("utf8");
// Waits for the banner's last line (the MCP URL, when asked for) rather than for a time.
const wanted = args.includes("--mcp") ? /mcp: http:\S+.*\n/ : /listening on http:\S+/;
while (!wanted.test(stderr)) {
  const [chunk] = await Promise.race([once(child.stderr, "data"), once(child, "exit").then(() => [null])]);
  if (chunk === null) throw new Error(`listen exited: ${stderr}`);
  stderr += chunk;
}
const port = (url) => new URL(url).port;
const ports = { listener: port(/listening on (http:\S+)/.exec(stderr)[1]), mcp: /mcp: (http:\S+)/.exec(stderr) && port(/mcp: (http:\S+)/.exec(stderr)[1]) };
// "{{token}}" in a request stands for the run's token, as the banner printed it.
const token = /Bearer ([\w-]+)/.exec(stderr)?.[1] ?? /\?token=([\w-]+)/.exec(stderr)?.[1] ?? "";
const requests = JSON.parse((await new Response(process.stdin).text()).replaceAll("{{token}}", token));
const results = [];
for (const { door, path, method = "POST", headers = {}, body } of requests) {
  const answer = await fetch(`http://${address}:${ports[door]}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  results.push({ status: answer.status, body: await answer.text() });
}
child.kill("SIGINT");
await once(child, "exit");
console.log(JSON.stringify({ stderr, results }));
