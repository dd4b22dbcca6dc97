#!/usr/bin/env node
/**
 * The wallboard left running, sped up: pages turning every 3 s and a poll every second on a
 * floor of many agents, for a number of minutes. Samples the page's JavaScript heap (after a
 * forced garbage collection) and its DOM size, to show that nothing grows with time: a TV runs
 * for weeks. Needs `npm run build` first.
 *
 *   npm run bench:wallboard -- --agents 300 --minutes 5
 */
import { chromium } from "@playwright/test";
import { CHROMIUM, numberArg, startFloorview } from "./lib.mjs";

const agents = numberArg("agents", 300);
const minutes = numberArg("minutes", 5);
const { base, stop } = await startFloorview(numberArg("port", 3320), {
  SIM_AGENTS: String(agents),
  SIM_HISTORY_HOURS: "14",
  FLOORVIEW_REFRESH_SECONDS: "1",
  KORE_POLL_INTERVAL_SECONDS: "2",
  KORE_MAX_REQUESTS_PER_MINUTE: "60",
});

const browser = await chromium.launch({ ...CHROMIUM, args: [...CHROMIUM.args, "--js-flags=--expose-gc"] });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
const cdp = await page.context().newCDPSession(page);
await page.goto(`${base}/wallboard?interval=3`);
await page.waitForSelector("[data-wallboard] a[data-agent-id]", { timeout: 60_000 });

async function sample() {
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  const nodes = await page.evaluate(() => document.getElementsByTagName("*").length);
  const pageLabel = await page.locator("[data-page-indicator]").getAttribute("aria-label").catch(() => "one page");
  return { heapMB: usedSize / 1024 / 1024, nodes, pageLabel };
}

const samples = [];
const started = Date.now();
// Warm-up: the first page turns and polls settle caches and JIT.
await page.waitForTimeout(20_000);
while (Date.now() - started < minutes * 60_000) {
  const s = await sample();
  samples.push({ t: Math.round((Date.now() - started) / 1000), ...s });
  console.log(`${String(samples.at(-1).t).padStart(4)} s  heap ${s.heapMB.toFixed(2)} MB  DOM ${s.nodes} nodes  (${s.pageLabel})`);
  await page.waitForTimeout(30_000);
}
await browser.close();
stop();

const last = samples.at(-1);
const half = Math.floor(samples.length / 2);
const range = (list) => `${Math.min(...list.map((s) => s.heapMB)).toFixed(2)}–${Math.max(...list.map((s) => s.heapMB)).toFixed(2)} MB`;
console.log(`\n${agents} agents, ${minutes} min at 1 poll/s and a page turn every 3 s (≈ ${last.t} polls, ≈ ${Math.round(last.t / 3)} page turns):`);
console.log(`heap after GC: first half ${range(samples.slice(0, half))}, second half ${range(samples.slice(half))}`);
console.log(`DOM nodes: at most ${Math.max(...samples.map((s) => s.nodes))} (a full page), whatever the time`);
process.exit(0);
