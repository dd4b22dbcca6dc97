#!/usr/bin/env node
/**
 * The drill-down's timeline in Chromium: an agent with many state changes over a 7-day window.
 * Measures, on the page itself, from the moment the timeline's data has arrived to the first
 * frame painted with it (chart, totals and list of changes). Target: under 300 ms for 2,000
 * changes. Needs `npm run build` first.
 *
 *   npm run bench:timeline -- --changes 2000 --days 7 --runs 5
 */
import { chromium } from "@playwright/test";
import { CHROMIUM, numberArg, startFloorview, startStandaloneSimulator } from "./lib.mjs";

const changes = numberArg("changes", 2000);
const days = numberArg("days", 7);
const runs = numberArg("runs", 5);
const simPort = numberArg("sim-port", 4310);
const sim = await startStandaloneSimulator(simPort, { SIM_AGENTS: "20" });

// One agent whose week holds `changes` state changes, ending now; the feed takes them at once.
const agentId = "bench-agent";
const now = Math.floor(Date.now() / 1000) * 1000;
const to = now;
const from = now - days * 24 * 3_600_000;
// No two neighbours alike: every event is a change of state or reason.
const cycle = [["ready", ""], ["busy", ""], ["acw", ""], ["ready", ""], ["notready", "1"], ["notready", "6"], ["busy", ""], ["acw", ""]];
const events = [];
for (let i = 0; i < changes; i++) {
  const [activity, reasonCode] = cycle[i % cycle.length];
  events.push({ agentId, time: new Date(from + Math.round(((i + 0.5) / changes) * (to - from - 60_000))).toISOString(), activity, reasonCode, releaseAt: new Date(now).toISOString() });
}
const injected = await fetch(`${sim.url}/__sim/events`, { method: "POST", body: JSON.stringify({ events }) });
if (!injected.ok) throw new Error(`simulator refused the events: ${injected.status}`);

// Floorview starts after the week is in the feed, as it would on a real tenant.
const { base, stop } = await startFloorview(numberArg("port", 3310), {
  ...sim.koreEnv,
  AUTH_DISABLED: "true",
  KORE_MAX_REQUESTS_PER_MINUTE: "60",
  // Larger chunks: this measures rendering, not how fast a week is read from Kore.ai.
  KORE_HISTORY_CHUNK_HOURS: "24",
});

// Wait until the poller has seen the agent and the week is in the server's history cache.
const query = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
let segments = 0;
for (let i = 0; ; i++) {
  const res = await fetch(`${base}/api/agents/${agentId}/timeline?${query}`);
  if (res.ok) {
    const body = await res.json();
    segments = body.segments.length;
    if (body.complete) break;
  }
  if (i > 300) throw new Error("the week's history did not load in 5 minutes");
  await new Promise((r) => setTimeout(r, 1000));
}

const browser = await chromium.launch(CHROMIUM);
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
const url = `${base}/agents/${agentId}?window=custom&${query}`;
const times = [];
for (let run = 0; run < runs + 1; run++) {
  await page.goto(url);
  const ms = await page.waitForFunction(() => performance.getEntriesByName("floorview:timeline-render")[0]?.duration, null, { timeout: 60_000 });
  const rects = await page.locator("[data-timeline-chart] rect[data-index]").count();
  if (rects !== segments) throw new Error(`the chart drew ${rects} bands for ${segments} segments`);
  // The first load warms the browser's caches; it is not counted.
  if (run > 0) times.push(await ms.jsonValue());
}
await browser.close();
stop();

times.sort((a, b) => a - b);
console.log(`window: ${days} days, ${segments} segments (${changes} state changes injected)`);
console.log(`data → painted: median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, worst ${times.at(-1).toFixed(0)} ms over ${times.length} runs (target < 300 ms)`);
process.exit(0);
