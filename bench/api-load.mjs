#!/usr/bin/env node
/**
 * `/api/agents` under load, and what the load costs Kore.ai. A floor of 5,000 agents; N clients
 * on keep-alive connections poll like browsers (every second, gzip, If-None-Match with the last
 * ETag). Prints latency percentiles (all answers, and the 200s that carry a body), the gzipped
 * body size, the share of 304s; then the upstream calls per minute with 1 client and with N
 * (the ratio must be 1.0: screens never cost Kore.ai anything). Needs a build.
 *
 *   npm run bench:api -- --agents 5000 --clients 200 --seconds 30
 */
import http from "node:http";
import { numberArg, record, startFloorview } from "./lib.mjs";

const agents = numberArg("agents", 5000);
const clients = numberArg("clients", 200);
const seconds = numberArg("seconds", 30);
const simPort = numberArg("sim-port", 4302);
const { base, stop } = await startFloorview(numberArg("port", 3302), {
  SIM_AGENTS: String(agents),
  SIM_PORT: String(simPort),
  SIM_HISTORY_HOURS: "13",
  KORE_POLL_INTERVAL_SECONDS: "2",
  KORE_ROSTER_PAGE_SIZE: "1000",
  KORE_ROSTER_REFRESH_MINUTES: "60",
  KORE_MAX_REQUESTS_PER_MINUTE: "60",
});
const url = new URL("/api/agents", base);
const simRequests = async () => {
  const { requests } = await (await fetch(`http://127.0.0.1:${simPort}/__sim/stats`)).json();
  return requests.activity + requests.agents;
};
// Let the roster's first load finish, so both windows see only the live feed.
await new Promise((r) => setTimeout(r, 5_000));

function get(agent, etag) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(url, { agent, headers: { "Accept-Encoding": "gzip", ...(etag && { "If-None-Match": etag }) } }, (res) => {
      let bytes = 0;
      res.on("data", (c) => (bytes += c.length));
      res.on("end", () => resolve({ status: res.statusCode, ms: performance.now() - started, bytes, etag: res.headers.etag, encoding: res.headers["content-encoding"] }));
    });
    req.on("error", reject);
  });
}

async function load(n, ms) {
  const results = [];
  const until = Date.now() + ms;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      let etag;
      // Clients spread over the second, as browsers opened at different times are.
      await new Promise((r) => setTimeout(r, (i * 1000) / n));
      while (Date.now() < until) {
        const next = Date.now() + 1000;
        const r = await get(agent, etag);
        etag = r.etag ?? etag;
        results.push(r);
        await new Promise((res) => setTimeout(res, Math.max(0, next - Date.now())));
      }
      agent.destroy();
    }),
  );
  return results;
}

const window = seconds * 1000;
let before = await simRequests();
await load(1, window);
const one = ((await simRequests()) - before) * (60_000 / window);
before = await simRequests();
const results = await load(clients, window);
const many = ((await simRequests()) - before) * (60_000 / window);
stop();

const pct = (list, p) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
};
const all = results.map((r) => r.ms);
const full = results.filter((r) => r.status === 200);
const bodyKb = Math.max(...full.map((r) => r.bytes)) / 1024;
const notModified = results.filter((r) => r.status === 304).length / results.length;
const ratio = many / one;
console.log(`agents: ${agents}; ${clients} keep-alive clients polling every second for ${seconds} s: ${results.length} requests`);
console.log(`latency, all answers: p50 ${pct(all, 0.5).toFixed(1)} ms, p99 ${pct(all, 0.99).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms (target p99 ≤ 50 ms)`);
console.log(`latency, 200s with a body (${full.length}): p50 ${pct(full.map((r) => r.ms), 0.5).toFixed(1)} ms, p99 ${pct(full.map((r) => r.ms), 0.99).toFixed(1)} ms`);
console.log(`body: ${bodyKb.toFixed(1)} KB ${full[0]?.encoding ?? "identity"} (target ≤ 150 KB); 304 Not Modified: ${(notModified * 100).toFixed(0)} % of answers`);
console.log(`Kore.ai calls per minute: ${one.toFixed(1)} with 1 client, ${many.toFixed(1)} with ${clients}: ratio ${ratio.toFixed(2)} (must be 1.0)`);
await record("api-load", {
  agents,
  clients,
  seconds,
  requests: results.length,
  p50Ms: pct(all, 0.5),
  p99Ms: pct(all, 0.99),
  p99FullBodyMs: pct(full.map((r) => r.ms), 0.99),
  bodyKbGzip: Number(bodyKb.toFixed(1)),
  notModifiedShare: Number(notModified.toFixed(3)),
  upstreamPerMinuteOneClient: one,
  upstreamPerMinuteManyClients: many,
  upstreamRatio: Number(ratio.toFixed(2)),
  pass: pct(all, 0.99) <= 50 && bodyKb <= 150 && Math.abs(ratio - 1) < 0.05,
});
process.exit(0);
