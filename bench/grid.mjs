#!/usr/bin/env node
/**
 * The grid with a large floor in Chromium: time to the first complete render; the main thread's
 * work while timers tick and polls arrive; then sorting, filtering, searching and grouping, each
 * timed by the page's own performance marks (`floorview:view`: from the click or keystroke to
 * the table committed); then the wallboard on the same floor. Needs `npm run build` first.
 *
 *   npm run bench:grid -- --agents 5000 --seconds 15 --rounds 5
 */
import { chromium } from "@playwright/test";
import { CHROMIUM, numberArg, record, startFloorview } from "./lib.mjs";

const agents = numberArg("agents", 5000);
const seconds = numberArg("seconds", 15);
const rounds = numberArg("rounds", 5);
// Large roster pages, so the whole floor is on the roster before the browser opens; no import of
// earlier days (it measures the browser, and a week of 5,000 agents read beside it takes its cores).
const { base, stop } = await startFloorview(numberArg("port", 3300), { SIM_AGENTS: String(agents), KORE_MAX_REQUESTS_PER_MINUTE: "60", KORE_ROSTER_PAGE_SIZE: "1000", FLOORVIEW_IMPORT_DAYS: "0" });
let known = 0;
for (let i = 0; i < 120 && known < agents; i++) {
  known = (await (await fetch(`${base}/api/agents`)).json()).agents.length;
  if (known < agents) await new Promise((r) => setTimeout(r, 1000));
}

/** Long tasks (> 50 ms) go into window.__longTasks from the page's first script on. */
const watchLongTasks = (p) =>
  p.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: "longtask", buffered: true });
  });

const browser = await chromium.launch(CHROMIUM);
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await watchLongTasks(page);
const cdp = await page.context().newCDPSession(page);
await cdp.send("Performance.enable");
const started = Date.now();
// Logged-out agents shown too (hidden by default): the whole floor in the table.
await page.goto(`${base}/?offline=show`);
// The table announces every agent (aria-rowcount) while only the rows near the screen exist.
await page.waitForFunction((n) => Number(document.querySelector("table")?.getAttribute("aria-rowcount")) >= n + 1, known, { timeout: 60_000 });
await page.locator("tr[data-agent-id]").first().waitFor();
const firstRender = Date.now() - started;
const domRows = await page.locator("tr[data-agent-id]").count();
await page.evaluate(() => (window.__longTasks = []));
const metric = async (name) => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === name).value;
const script0 = await metric("ScriptDuration");
const layout0 = await metric("LayoutDuration");
const style0 = await metric("RecalcStyleDuration");
await page.waitForTimeout(seconds * 1000);
const script = ((await metric("ScriptDuration")) - script0) * 1000;
const layout = ((await metric("LayoutDuration")) - layout0) * 1000;
const style = ((await metric("RecalcStyleDuration")) - style0) * 1000;
const tickingLongTasks = await page.evaluate(() => window.__longTasks);

// View changes, each as a supervisor makes it.
const steps = {
  "sort by time in state": () => page.selectOption('[data-field="sort"]', "time"),
  "sort by state": () => page.selectOption('[data-field="sort"]', "state"),
  "sort by reason": () => page.selectOption('[data-field="sort"]', "reason"),
  "sort by name": () => page.selectOption('[data-field="sort"]', "name"),
  "filter: not ready": () => page.click('[data-filter="state"] button[data-value="notready"]'),
  "filter: + on a call": () => page.click('[data-filter="state"] button[data-value="busy"]'),
  "filter: a reason": () => page.locator('[data-filter="reason"] button').first().click(),
  "clear filters": () => page.click('[data-field="clear"]'),
  "search: one letter": () => page.locator('[data-field="search"]').pressSequentially("a"),
  "search: two letters": () => page.locator('[data-field="search"]').pressSequentially("n"),
  "search: cleared": () => page.locator('[data-field="search"]').fill(""),
  "group by state": () => page.selectOption('[data-field="group"]', "state"),
  "group by team": () => page.selectOption('[data-field="group"]', "team"),
  "ungroup": () => page.selectOption('[data-field="group"]', "none"),
};
const timings = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
await page.evaluate(() => (window.__longTasks = []));
for (let r = 0; r < rounds; r++) {
  for (const [name, step] of Object.entries(steps)) {
    await page.evaluate(() => performance.clearMeasures("floorview:view"));
    await step();
    const ms = await page.waitForFunction(() => performance.getEntriesByName("floorview:view").at(-1)?.duration, null, { timeout: 5_000 });
    timings[name].push(await ms.jsonValue());
    await page.waitForTimeout(150);
  }
}
const viewLongTasks = await page.evaluate(() => window.__longTasks);

// The wallboard on the same floor: first page of tiles, then long tasks while it ticks and turns pages.
const board = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await watchLongTasks(board);
const boardStarted = Date.now();
await board.goto(`${base}/wallboard?interval=3`);
await board.locator("[data-wallboard] [data-agent-id]").first().waitFor({ timeout: 60_000 });
const boardFirstRender = Date.now() - boardStarted;
await board.evaluate(() => (window.__longTasks = []));
await board.waitForTimeout(seconds * 1000);
const boardLongTasks = await board.evaluate(() => window.__longTasks);
const tiles = await board.locator("[data-wallboard] [data-agent-id]").count();
await browser.close();
stop();

const pct = (list, p) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(p * list.length))];
const all = Object.values(timings).flat();
console.log(`agents: ${known}; rows in the DOM: ${domRows}`);
console.log(`first complete render: ${firstRender} ms (navigation to the table holding every agent)`);
console.log(`while ticking for ${seconds} s: script ${(script / seconds).toFixed(1)} ms/s, style ${(style / seconds).toFixed(1)} ms/s, layout ${(layout / seconds).toFixed(1)} ms/s`);
console.log(`long tasks (> 50 ms) while ticking: ${tickingLongTasks.length}${tickingLongTasks.length ? `, longest ${Math.max(...tickingLongTasks).toFixed(0)} ms` : ""}`);
console.log(`view changes, input to table committed (${rounds} rounds), median / worst:`);
for (const [name, list] of Object.entries(timings)) console.log(`  ${name.padEnd(24)} ${pct(list, 0.5).toFixed(1).padStart(6)} / ${Math.max(...list).toFixed(1).padStart(6)} ms`);
console.log(`  ${"all".padEnd(24)} ${pct(all, 0.5).toFixed(1).padStart(6)} / ${Math.max(...all).toFixed(1).padStart(6)} ms (p95 ${pct(all, 0.95).toFixed(1)} ms)`);
console.log(`long tasks (> 50 ms) during view changes: ${viewLongTasks.length}${viewLongTasks.length ? `, longest ${Math.max(...viewLongTasks).toFixed(0)} ms` : ""}`);
console.log(`wallboard: first page of ${tiles} tiles in ${boardFirstRender} ms; long tasks (> 50 ms) over ${seconds} s of ticking and page turns: ${boardLongTasks.length}${boardLongTasks.length ? `, longest ${Math.max(...boardLongTasks).toFixed(0)} ms` : ""}`);
await record("wallboard", { agents: known, firstRenderMs: boardFirstRender, tiles, longTasks: boardLongTasks.length, pass: boardFirstRender <= 1000 && boardLongTasks.length === 0 });
await record("grid", {
  agents: known,
  firstRenderMs: firstRender,
  tickingLongTasks: tickingLongTasks.length,
  viewChangeMedianMs: Number(pct(all, 0.5).toFixed(1)),
  viewChangeP95Ms: Number(pct(all, 0.95).toFixed(1)),
  viewChangeWorstMs: Number(Math.max(...all).toFixed(1)),
  viewLongTasks: viewLongTasks.length,
  pass: firstRender <= 1000 && tickingLongTasks.length === 0 && Math.max(...all) < 50,
});
process.exit(0);
