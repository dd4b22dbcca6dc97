#!/usr/bin/env node
/**
 * One viewer asks for a dozen reports at once, each the whole floor's day at 15 minutes (5,000
 * agents × 96 intervals: 480,000 rows), while a screen polls `/api/agents` ten times a second.
 * Targets (issue 32): `/api/agents` p99 under 100 ms and the server's heap under 1 GB throughout
 * (`nodejs_heap_size_used_bytes` from `/api/metrics`, every half second; the process's resident
 * memory beside it). Prints how many reports were made and how many told to come back (429
 * busy), the screen's latencies, and the peaks. Needs `npm run build` first.
 *
 *   npm run bench:heavy-reads -- --agents 5000 --reports 12
 */
import { readFileSync } from "node:fs";
import { numberArg, record, startFloorview } from "./lib.mjs";

const agents = numberArg("agents", 5000);
const reports = numberArg("reports", 12);
// A day in the poller's memory: the report reads no history from the store or Kore.ai.
const { base, stop, pid } = await startFloorview(numberArg("port", 3330), { SIM_AGENTS: String(agents), KORE_BACKFILL_HOURS: "25", AUTH_DISABLED: "true", FLOORVIEW_IMPORT_DAYS: "0" });
const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

const to = Math.floor(Date.now() / 900_000) * 900_000;
const query = new URLSearchParams({ from: new Date(to - 86_400_000).toISOString(), to: new Date(to).toISOString(), interval: "15m", tz: "UTC" });
const url = `${base}/api/reports/time-in-state?${query}`;
// Once alone, to warm the server and to know its size.
const warm = await fetch(url);
const rows = (await warm.json()).rows.length;

const heap = async () => Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(await (await fetch(`${base}/api/metrics`)).text())?.[1] ?? 0) / 1048576;
const latencies = [];
let peak = rss();
const before = peak;
let heapPeak = await heap();
const heapBefore = heapPeak;
const heapSampler = setInterval(() => void heap().then((h) => (heapPeak = Math.max(heapPeak, h))), 500);
let polling = true;
const screen = (async () => {
  while (polling) {
    const started = performance.now();
    await (await fetch(`${base}/api/agents`)).arrayBuffer();
    latencies.push(performance.now() - started);
    peak = Math.max(peak, rss());
    await new Promise((r) => setTimeout(r, 100));
  }
})();
await new Promise((r) => setTimeout(r, 2_000));
const started = performance.now();
const answers = await Promise.all(
  Array.from({ length: reports }, async () => {
    const res = await fetch(url);
    const body = await res.arrayBuffer();
    return { status: res.status, bytes: body.byteLength };
  }),
);
const reportsMs = performance.now() - started;
await new Promise((r) => setTimeout(r, 2_000));
polling = false;
await screen;
clearInterval(heapSampler);
stop();

latencies.sort((a, b) => a - b);
const at = (q) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
const figures = {
  agents,
  rowsPerReport: rows,
  reports,
  made: answers.filter((a) => a.status === 200).length,
  busy: answers.filter((a) => a.status === 429).length,
  reportMB: Math.round(Math.max(...answers.map((a) => a.bytes)) / 1048576),
  allAnsweredMs: Math.round(reportsMs),
  agentsP50Ms: at(0.5),
  agentsP99Ms: at(0.99),
  agentsMaxMs: Math.round(latencies.at(-1)),
  heapBeforeMB: Math.round(heapBefore),
  heapPeakMB: Math.round(heapPeak),
  rssBeforeMB: Math.round(before),
  rssPeakMB: Math.round(peak),
};
console.log(figures);
const ok = figures.agentsP99Ms < 100 && figures.heapPeakMB < 1024;
console.log(`/api/agents p99 ${figures.agentsP99Ms} ms (target < 100) ${figures.agentsP99Ms < 100 ? "✔" : "✘"}; peak heap ${figures.heapPeakMB} MB (target < 1,024) ${figures.heapPeakMB < 1024 ? "✔" : "✘"}; peak RSS ${figures.rssPeakMB} MB`);
await record("heavy-reads", figures);
process.exit(ok ? 0 : 1);
