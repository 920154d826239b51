#!/usr/bin/env node
// Benchmarks, each a ratio against a baseline measured in the same run on the same machine
// (absolute numbers move with the machine; ratios are what to compare), with its target and
// whether it is met. Run with `npm run bench` (it builds first).
import { spawn, spawnSync } from "node:child_process";
import { generateKeyPairSync, createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { buildDelivery, loadProvider, setUpVerifiers } from "../dist/index.js";
import { nodeBinary } from "../scripts/lib/node-binary.mjs";

const bin = fileURLToPath(new URL("../bin/wh-sim.cjs", import.meta.url));
const home = mkdtempSync(join(tmpdir(), "wh-sim-bench-home-"));
const env = { ...process.env, WH_SIM_HOME: home, NO_COLOR: "1" };
// In-process measures (Plaid's key store) use the same scratch home, never the user's.
process.env.WH_SIM_HOME = home;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
/** ratio = how many times the baseline wh-sim costs (lower is better) or achieves (higher is better). */
const report = (name, baseline, ours, unit, { higherIsBetter = false, target, extra = "" } = {}) => {
  const ratio = ours / baseline;
  const met = target === undefined ? "" : higherIsBetter ? (ratio >= target ? "yes" : "NO") : ratio <= target ? "yes" : "NO";
  rows.push({
    figure: name,
    baseline: `${baseline.toFixed(1)} ${unit}`,
    "wh-sim": `${ours.toFixed(1)} ${unit}`,
    ratio: `${ratio.toFixed(2)}x`,
    target: target === undefined ? "" : `${higherIsBetter ? "≥" : "≤"} ${target}x`,
    met,
    note: extra,
  });
};

/** Wall time and peak RSS of a process, run to its end (with this Node, or `node`). */
function run(args, { sampleMemory = true, node = process.execPath } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(node, args, { env, stdio: ["ignore", "ignore", "ignore"] });
    let peak = 0;
    const sample = () => {
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0);
        peak = Math.max(peak, kb);
      } catch {
        // The process has ended.
      }
    };
    // Sampling costs the machine CPU: start-up times are measured without it (it made every
    // process, `node -e 0` included, some 25 ms slower, and the ratios look better than they are).
    const timer = sampleMemory ? setInterval(sample, 5) : undefined;
    child.on("exit", (code) => {
      clearInterval(timer);
      resolve({ ms: performance.now() - started, peakMb: peak / 1024, code });
    });
  });
}
/**
 * autocannon resolves on its one-second tick, not when the last answer arrives: a run is timed from
 * its start to its last answer instead (timing by autocannon's resolution made every figure a
 * whole number of seconds: 2.0 s or 3.0 s for 20,000 requests, nothing in between).
 */
const timedCannon = async (options) => {
  const started = performance.now();
  let last = started;
  const instance = autocannon(options);
  instance.on("response", () => (last = performance.now()));
  const result = await instance;
  return { ...result, seconds: (last - started) / 1000 };
};
/**
 * Median start-up of each command, run in turn round after round: the shared machine's load drifts,
 * and a burst then weighs on every command of a round alike, not on one figure.
 */
const startup = async (commands, node = process.execPath, rounds = 15) => {
  const times = commands.map(() => []);
  for (let i = 0; i < rounds; i++) for (const [j, args] of commands.entries()) times[j].push((await run(args, { sampleMemory: false, node })).ms);
  return times.map(median);
};
const sequence = async (n, fn) => {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await fn());
  return out;
};

/**
 * A bare node:http server that reads the body and answers 200, in a process of its own (as the
 * listener is): the load generator keeps its own core, whichever server it measures.
 */
async function bareServer() {
  const code = `const s = require("node:http").createServer((q, r) => q.resume().on("end", () => r.end()));
    s.listen(0, "127.0.0.1", () => console.log(s.address().port));`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise((resolve) => child.stdout.once("data", (d) => resolve(Number(String(d).trim()))));
  return { url: `http://127.0.0.1:${port}/`, pid: child.pid, close: () => new Promise((r) => child.once("exit", r).kill()) };
}

/** The peak resident memory of a running process so far, in MB. */
const peakMb = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

/** CPU time (user + system) a process has used so far, in microseconds. */
function cpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * (1e6 / 100);
}

// 1–3. Start-up of the lightest commands and of one trigger (the whole process), on this Node and
// on Node 26 (the registry's build, cached), each against `node -e 0` of the same Node. The launcher
// enables Node's compile cache where it exists (22 and later): the first runs fill it.
{
  const target = await bareServer();
  const trigger = [bin, "trigger", "stripe", "customer.created", "--url", target.url];
  const node26 = nodeBinary(26);
  // Node 20's figures before this work (bench/RESULTS.md) are the ones not to lose; Node 26's, the targets.
  const targets = { 20: { version: 1.1, list: 1.65, trigger: 2.0 }, 26: { version: 1.1, list: 1.5, trigger: 2.0 } };
  for (const [major, node] of [[Number(process.versions.node.split(".")[0]), process.execPath], ...(node26 ? [[26, node26]] : [])]) {
    const goal = targets[major] ?? targets[20];
    await sequence(3, () => run(trigger, { sampleMemory: false, node }));
    const [node0, version, list, one] = await startup([["-e", "0"], [bin, "--version"], [bin, "list"], trigger], node);
    report(`Node ${major}: wh-sim --version vs node -e 0`, node0, version, "ms", { target: goal.version });
    report(`Node ${major}: wh-sim list vs node -e 0`, node0, list, "ms", { target: goal.list });
    const peaks = await sequence(3, () => run(trigger, { node }).then((r) => r.peakMb));
    report(`Node ${major}: one trigger, whole process, vs node -e 0`, node0, one, "ms", {
      target: goal.trigger,
      extra: `peak ${median(peaks).toFixed(0)} MB`,
    });
  }
  if (!node26) console.error("Node 26 could not be installed from the registry: its start-up is not measured");
  await target.close();
}

// 3b. The standalone executable (npm run build:binary) against the launcher on the Node inside it
// (26): its size against that Node's, and start-up of --version, list and one trigger, once its
// first run has unpacked it.
{
  const built = spawnSync(process.execPath, [fileURLToPath(new URL("../scripts/build-binary.mjs", import.meta.url))], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exe = fileURLToPath(new URL(`../dist/bin/wh-sim-${process.platform}-${process.arch}`, import.meta.url));
  const node26 = nodeBinary(26);
  if (built.status === 0 && node26) {
    const target = await bareServer();
    const trigger = ["trigger", "stripe", "customer.created", "--url", target.url];
    await sequence(3, () => run(trigger, { sampleMemory: false, node: exe }));
    await sequence(3, () => run([bin, ...trigger], { sampleMemory: false, node: node26 }));
    const [version, list, one] = await startup(
      [
        [bin, "--version"],
        [bin, "list"],
        [bin, ...trigger],
      ],
      node26,
    );
    const [exeVersion, exeList, exeOne] = await startup([["--version"], ["list"], trigger], exe);
    report("executable size vs Node 26 alone", statSync(node26).size / 2 ** 20, statSync(exe).size / 2 ** 20, "MB");
    report("executable: --version vs node + launcher (26)", version, exeVersion, "ms", { target: 1.5 });
    report("executable: list vs node + launcher (26)", list, exeList, "ms", { target: 1.5 });
    report("executable: one trigger vs node + launcher (26)", one, exeOne, "ms", { target: 1.5 });
    await target.close();
  } else console.error("the standalone executable could not be built: not measured");
}

// 4. Bulk: distinct signed events per second vs autocannon sending one fixed body to the same server.
{
  const target = await bareServer();
  const sample = await buildDelivery(await loadProvider("stripe"), "customer.created");
  const amount = 20_000;
  const cannon = await timedCannon({ url: target.url, method: "POST", body: sample.body, headers: sample.headers, connections: 32, amount });
  const baseline = amount / cannon.seconds;
  const ours = await run([bin, "trigger", "stripe", "customer.created", "--count", String(amount), "--concurrency", "32", "--json", "--url", target.url]);
  report(`trigger --count ${amount} --concurrency 32`, baseline, amount / (ours.ms / 1000), "events/s", {
    higherIsBetter: true,
    target: 0.5,
    extra: `peak ${ours.peakMb.toFixed(0)} MB (vs autocannon: the ceiling)`,
  });
  // The yardstick: the same job written by hand (bench/hand-sender.mjs), to the same server.
  const templateFile = join(home, "customer.created.json");
  writeFileSync(templateFile, sample.body);
  const hand = await run([
    fileURLToPath(new URL("hand-sender.mjs", import.meta.url)),
    target.url,
    String(amount),
    (await loadProvider("stripe")).testSecret,
    templateFile,
  ]);
  report(`trigger --count ${amount} vs the same job by hand`, amount / (hand.ms / 1000), amount / (ours.ms / 1000), "events/s", {
    higherIsBetter: true,
    target: 1.0,
    extra: `hand-written: peak ${hand.peakMb.toFixed(0)} MB`,
  });
  // Memory flat in the request count: a run four times as long peaks no higher. (Against a shorter
  // run it would: V8 grows its heap over the first ~20,000 events before collecting in earnest.)
  const longArgs = [bin, "trigger", "stripe", "customer.created", "--count", String(amount * 4), "--concurrency", "32", "--json", "--url", target.url];
  const longer = await run(longArgs);
  report(`trigger peak memory, ${amount * 4} vs ${amount} events`, ours.peakMb, longer.peakMb, "MB", { target: 1.2 });
  await target.close();
}

/**
 * The lines a server prints, counted as they arrive, without decoding them. Both listeners' output is
 * read this way: this process also runs the load, and reading one server's lines at a greater cost
 * than the other's would slow the load on that one.
 */
function linesPrinted(child) {
  const printed = { count: 0 };
  child.stdout.on("data", (chunk) => {
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) printed.count++;
  });
  return printed;
}

// 5. The listener (verify + record + print to a pipe) vs a bare node:http server, same load.
{
  const sample = await buildDelivery(await loadProvider("stripe"), "customer.created");
  const amount = 20_000;
  const bare = await bareServer();
  const bareCpu = cpuMicros(bare.pid);
  const base = await timedCannon({ url: bare.url, method: "POST", body: sample.body, headers: sample.headers, connections: 32, amount });
  const bareCpuPerRequest = (cpuMicros(bare.pid) - bareCpu) / amount;
  await bare.close();
  const record = join(home, "bench.ndjson");
  const listener = spawn(process.execPath, [bin, "listen", "--port", "0", "--json", "--record", record], { env, stdio: ["ignore", "pipe", "pipe"] });
  const printed = linesPrinted(listener);
  const url = await new Promise((resolve) => {
    let err = "";
    listener.stderr.on("data", (d) => {
      err += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(err);
      if (m) resolve(m[1]);
    });
  });
  // The yardstick: the same job written by hand (bench/hand-listener.mjs), same load. Its lines go
  // to a pipe read as the listener's are: the same sink.
  const handRecord = join(home, "hand.ndjson");
  const hand = spawn(process.execPath, [fileURLToPath(new URL("hand-listener.mjs", import.meta.url)), (await loadProvider("stripe")).testSecret, handRecord], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  linesPrinted(hand);
  const handPort = await new Promise((resolve) => hand.stderr.once("data", (d) => resolve(Number(String(d).trim()))));
  const handUrl = `http://127.0.0.1:${handPort}/webhook`;
  // A warm-up of a quarter of the run each, then the run in eight alternating bursts (one server
  // then the other, the order swapped each time): the shared machine's load drifts over seconds,
  // and one run of each in turn measured that drift as much as the servers.
  const load = (target, n) => timedCannon({ url: target, method: "POST", body: sample.body, headers: sample.headers, connections: 32, amount: n });
  await load(`${url}/webhook`, amount / 4);
  await load(handUrl, amount / 4);
  const ours = { seconds: 0, "2xx": 0 };
  const byHand = { seconds: 0 };
  let ourCpuTotal = 0;
  let handCpuTotal = 0;
  for (let burst = 0; burst < 8; burst++) {
    const ourBurst = async () => {
      const cpu = cpuMicros(listener.pid);
      const r = await load(`${url}/webhook`, amount / 8);
      ourCpuTotal += cpuMicros(listener.pid) - cpu;
      ours.seconds += r.seconds;
      ours["2xx"] += r["2xx"];
    };
    const handBurst = async () => {
      const cpu = cpuMicros(hand.pid);
      byHand.seconds += (await load(handUrl, amount / 8)).seconds;
      handCpuTotal += cpuMicros(hand.pid) - cpu;
    };
    for (const one of burst % 2 ? [handBurst, ourBurst] : [ourBurst, handBurst]) await one();
  }
  hand.kill("SIGTERM");
  await new Promise((r) => hand.on("exit", r));
  const ourCpuPerRequest = ourCpuTotal / amount;
  const runPeak = peakMb(listener.pid);
  // Memory flat in the request count: four times as many requests more, and the peak again.
  await load(`${url}/webhook`, amount * 4);
  const longerPeak = peakMb(listener.pid);
  listener.kill("SIGTERM");
  await new Promise((r) => listener.on("exit", r));
  const recorded = readFileSync(record, "utf8").split("\n").filter(Boolean).length - amount / 4 - amount * 4;
  const answered = ours["2xx"];
  const lines = printed.count - amount / 4 - amount * 4;
  report("listen --json --record vs the same job by hand", amount / byHand.seconds, amount / ours.seconds, "req/s", {
    higherIsBetter: true,
    target: 1.0,
    extra: `CPU per request ${ourCpuPerRequest.toFixed(0)} µs vs ${(handCpuTotal / amount).toFixed(0)} µs by hand`,
  });
  report(`listen peak memory, after ${(amount * 21) / 4} vs ${(amount * 5) / 4} requests`, runPeak, longerPeak, "MB", { target: 1.2 });
  report("listen --json --record vs bare node:http", amount / base.seconds, amount / ours.seconds, "req/s", {
    higherIsBetter: true,
    target: 0.7,
    extra: `${amount - Math.min(lines, recorded, answered)} lost (answered ${answered}, printed ${lines}, recorded ${recorded}); CPU per request ${ourCpuPerRequest.toFixed(0)} µs vs ${bareCpuPerRequest.toFixed(0)} µs`,
  });
}

// 6. Signing throughput per provider (sign the same body), against a bare HMAC-SHA256.
{
  const body = JSON.stringify({ id: "evt_1", object: "event", type: "customer.created", data: { object: { id: "cus_1" } } }, null, 2);
  const n = 20_000;
  const t = performance.now();
  for (let i = 0; i < n; i++) createHmac("sha256", "whsec_x").update(body).digest("hex");
  const bare = n / ((performance.now() - t) / 1000);
  for (const id of ["stripe", "truv", "bridge", "standard", "plaid"]) {
    const provider = await loadProvider(id);
    const credentials =
      provider.credentialKind === "hmac"
        ? { kind: "hmac", secrets: [provider.testSecret] }
        : { kind: "keypair", key: { kid: randomUUID(), privateKey: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey, publicJwk: {} } };
    const count = provider.credentialKind === "hmac" ? n : 2000;
    const random = { chars: (len) => "x".repeat(len), bytes: (len) => Buffer.alloc(len) };
    const s = performance.now();
    for (let i = 0; i < count; i++) provider.sign(body, { credentials, now: new Date(), random, options: {} });
    report(`sign: ${id}`, bare, count / ((performance.now() - s) / 1000), "ops/s", { higherIsBetter: true });
  }
  // 7. What the listener's check of each provider's delivery costs (its demo event, signed with the
  // credentials the listener verifies with), against the same bare HMAC-SHA256.
  const { known } = await setUpVerifiers(undefined, {});
  for (const { provider, verify } of known) {
    const delivery = await buildDelivery(provider, provider.demoEvent);
    const bytes = Buffer.from(delivery.body);
    const headers = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const count = provider.credentialKind === "hmac" ? n : 2000;
    const now = new Date();
    if (!provider.verify(bytes, headers, { ...verify, now }).ok) throw new Error(`${provider.id}: the bench's delivery does not verify`);
    const s = performance.now();
    for (let i = 0; i < count; i++) provider.verify(bytes, headers, { ...verify, now });
    report(`verify: ${provider.id}`, bare, count / ((performance.now() - s) / 1000), "ops/s", {
      higherIsBetter: true,
      extra: `${bytes.length} B body${provider.credentialKind === "keypair" ? ", ES256 + SHA-256" : ""}`,
    });
  }
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
console.table(rows);
console.log("ratio: wh-sim ÷ baseline (for times, lower is better; for rates, higher is better). met: whether the target holds in this run.");
