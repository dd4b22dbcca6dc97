#!/usr/bin/env node
/**
 * `/api/agents` under load, measured as a deployment sees it, and what the load costs Kore.ai.
 *
 * The method, printed with the figures:
 * - the production server (`npm start`) alone on its CPU(s) (`--server-cpus`, default CPU 0 on a
 *   machine with two or more): compression threads, garbage collection and all;
 * - Kore.ai: by default the simulator inside the server process, as the demo runs it (the harder
 *   case: its floor and its answers share the server's CPU); `--simulator standalone` runs it as a
 *   separate process beside the load, as a real tenant is elsewhere;
 * - the load: `--clients` keep-alive clients (default 200) in `--procs` separate processes
 *   (default 4) on the other CPUs, each polling once a second with gzip and the ETag of its own
 *   last answer, spread over the second; latency is measured from the request's write to its last
 *   byte, and each load process reports its own event-loop delay (a late load process would
 *   inflate the latencies; the figures below show it is not);
 * - the floor: 5,000 agents, a poll every `--poll` seconds (default 2: a new snapshot every 2 s,
 *   so about half the answers carry a body; a tenant's default of 15 s is lighter).
 * Without pinning (one CPU, or `--server-cpus ""`), server, simulator and load share the machine,
 * as the benchmark measured before: then the latency is the machine's, not the server's.
 *
 *   npm run bench:api -- [--agents 5000] [--clients 200] [--seconds 30] [--poll 2]
 *                        [--server-cpus 0] [--load-cpus 1] [--simulator inprocess|standalone]
 */
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus as machineCpus } from "node:os";
import { numberArg, record, startFloorview, startStandaloneSimulator, stringArg } from "./lib.mjs";

const agents = numberArg("agents", 5000);
const clients = numberArg("clients", 200);
const seconds = numberArg("seconds", 30);
const poll = numberArg("poll", 2);
const procs = numberArg("procs", 4);
const simulator = stringArg("simulator", "inprocess");
const cores = machineCpus().length;
const serverCpus = stringArg("server-cpus", cores >= 2 ? "0" : "") || undefined;
const loadCpus = stringArg("load-cpus", cores > 2 ? `1-${cores - 1}` : cores === 2 ? "1" : "") || undefined;
const simPort = numberArg("sim-port", 4302);
const port = numberArg("port", 3302);

const env = {
  SIM_AGENTS: String(agents),
  SIM_HISTORY_HOURS: "13",
  KORE_POLL_INTERVAL_SECONDS: String(poll),
  KORE_ROSTER_PAGE_SIZE: "1000",
  KORE_ROSTER_REFRESH_MINUTES: "60",
  KORE_MAX_REQUESTS_PER_MINUTE: "60",
};
let simUrl = `http://127.0.0.1:${simPort}`;
let serverEnv = { ...env, SIM_PORT: String(simPort) };
if (simulator === "standalone") {
  const sim = await startStandaloneSimulator(simPort, { SIM_AGENTS: String(agents), SIM_HISTORY_HOURS: "13" }, { cpus: loadCpus });
  simUrl = sim.url;
  serverEnv = { ...env, ...sim.koreEnv, AUTH_DISABLED: "true" };
}
const { base, stop, pid } = await startFloorview(port, serverEnv, { cpus: serverCpus });
const url = new URL("/api/agents", base);
const simRequests = async () => {
  const { requests } = await (await fetch(`${simUrl}/__sim/stats`)).json();
  return requests.activity + requests.agents;
};
/** The server's CPU time so far (user + system), in seconds. */
const serverCpuSeconds = () => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
// Let the roster's first load finish, so both windows see only the live feed.
await new Promise((r) => setTimeout(r, 5_000));

const method =
  `server (npm start) ${serverCpus ? `alone on CPU ${serverCpus}` : "unpinned"}; Kore.ai: the simulator ${simulator === "standalone" ? `in its own process${loadCpus ? ` on CPU ${loadCpus}` : ""}` : "inside the server process"}; ` +
  `load: ${clients} keep-alive clients in ${procs} processes${loadCpus ? ` on CPU ${loadCpus}` : ""}, each polling every second with gzip and its own If-None-Match; ${agents} agents, a poll every ${poll} s`;
console.log(`method: ${method}`);

async function load(n, ms) {
  const per = Math.ceil(n / procs);
  const runs = await Promise.all(
    Array.from({ length: Math.min(procs, n) }, (_, p) => {
      const count = Math.min(per, n - p * per);
      const child = fork(new URL("./api-load-client.mjs", import.meta.url), [url.href, String(count), String(ms / 1000), String(p * per), String(n)], {
        ...(loadCpus && { execPath: "taskset", execArgv: ["-c", loadCpus, process.execPath] }),
      });
      return new Promise((resolve, reject) => {
        child.once("message", resolve);
        child.once("exit", (code) => code !== 0 && reject(new Error(`a load process exited with ${code}`)));
      });
    }),
  );
  return { results: runs.flatMap((r) => r.results), delayP99Ms: Math.max(...runs.map((r) => r.delayP99Ms)), delayMaxMs: Math.max(...runs.map((r) => r.delayMaxMs)) };
}

const window = seconds * 1000;
let before = await simRequests();
await load(1, window);
const one = ((await simRequests()) - before) * (60_000 / window);
before = await simRequests();
const cpuBefore = serverCpuSeconds();
const { results, delayP99Ms, delayMaxMs } = await load(clients, window);
const serverCpuShare = (serverCpuSeconds() - cpuBefore) / seconds;
const many = ((await simRequests()) - before) * (60_000 / window);
stop();

const pct = (list, p) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
};
const all = results.map((r) => r[1]);
const full = results.filter((r) => r[0] === 200);
const bodyKb = Math.max(...full.map((r) => r[2])) / 1024;
const notModified = results.filter((r) => r[0] === 304).length / results.length;
const ratio = many / one;
console.log(`${results.length} requests in ${seconds} s`);
console.log(`latency, all answers: p50 ${pct(all, 0.5).toFixed(1)} ms, p90 ${pct(all, 0.9).toFixed(1)} ms, p99 ${pct(all, 0.99).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms (target p99 ≤ 50 ms)`);
console.log(`latency, 200s with a body (${full.length}): p50 ${pct(full.map((r) => r[1]), 0.5).toFixed(1)} ms, p99 ${pct(full.map((r) => r[1]), 0.99).toFixed(1)} ms`);
console.log(`the load processes' own event-loop delay: p99 ${delayP99Ms.toFixed(1)} ms, max ${delayMaxMs.toFixed(1)} ms; server CPU ${(serverCpuShare * 100).toFixed(0)} % of one core`);
console.log(`body: ${bodyKb.toFixed(1)} KB ${full[0]?.[3] ?? "identity"} (target ≤ 150 KB); 304 Not Modified: ${(notModified * 100).toFixed(0)} % of answers`);
console.log(`Kore.ai calls per minute: ${one.toFixed(1)} with 1 client, ${many.toFixed(1)} with ${clients}: ratio ${ratio.toFixed(2)} (must be 1.0)`);
await record(`api-load${simulator === "standalone" ? "-standalone" : ""}`, {
  method,
  agents,
  clients,
  seconds,
  pollSeconds: poll,
  requests: results.length,
  p50Ms: pct(all, 0.5),
  p90Ms: pct(all, 0.9),
  p99Ms: pct(all, 0.99),
  maxMs: Math.max(...all),
  p99FullBodyMs: pct(full.map((r) => r[1]), 0.99),
  loadDelayP99Ms: delayP99Ms,
  serverCpuShare,
  bodyKbGzip: Number(bodyKb.toFixed(1)),
  notModifiedShare: Number(notModified.toFixed(3)),
  upstreamPerMinuteOneClient: one,
  upstreamPerMinuteManyClients: many,
  upstreamRatio: Number(ratio.toFixed(2)),
  pass: pct(all, 0.99) <= 50 && bodyKb <= 150 && Math.abs(ratio - 1) < 0.05,
});
process.exit(0);
