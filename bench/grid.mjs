#!/usr/bin/env node
/**
 * The grid with a large floor in Chromium: time to the first complete render, then the main
 * thread's work while timers tick and polls arrive. Needs `npm run build` first.
 *
 *   npm run bench:grid -- --agents 1000 --seconds 15
 */
import { chromium } from "@playwright/test";
import { CHROMIUM, numberArg, startFloorview } from "./lib.mjs";

const agents = numberArg("agents", 1000);
const seconds = numberArg("seconds", 15);
const { base, stop } = await startFloorview(numberArg("port", 3300), { SIM_AGENTS: String(agents), KORE_MAX_REQUESTS_PER_MINUTE: "60" });

const browser = await chromium.launch(CHROMIUM);
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: "longtask", buffered: true });
});
const cdp = await page.context().newCDPSession(page);
await cdp.send("Performance.enable");
const started = Date.now();
await page.goto(base);
await page.waitForFunction((n) => document.querySelectorAll("tr[data-agent-id]").length === n, agents, { timeout: 60_000 });
const firstRender = Date.now() - started;
await page.evaluate(() => (window.__longTasks = []));
const metric = async (name) => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === name).value;
const script0 = await metric("ScriptDuration");
const layout0 = await metric("LayoutDuration");
const style0 = await metric("RecalcStyleDuration");
await page.waitForTimeout(seconds * 1000);
const script = ((await metric("ScriptDuration")) - script0) * 1000;
const layout = ((await metric("LayoutDuration")) - layout0) * 1000;
const style = ((await metric("RecalcStyleDuration")) - style0) * 1000;
const longTasks = await page.evaluate(() => window.__longTasks);
await browser.close();
stop();

console.log(`agents: ${agents}`);
console.log(`first complete render: ${firstRender} ms (navigation to ${agents} rows)`);
console.log(`while ticking for ${seconds} s: script ${(script / seconds).toFixed(1)} ms/s, style ${(style / seconds).toFixed(1)} ms/s, layout ${(layout / seconds).toFixed(1)} ms/s`);
console.log(`long tasks (> 50 ms): ${longTasks.length}${longTasks.length ? `, longest ${Math.max(...longTasks).toFixed(0)} ms` : ""}`);
process.exit(0);
