#!/usr/bin/env node
/**
 * How many calls Floorview makes to Kore.ai per minute while N browser tabs watch the grid.
 * Starts the production build on the built-in simulator, opens the tabs in Chromium, counts the
 * simulator's requests over a measured window. Needs `npm run build` first.
 *
 *   npm run bench:upstream -- --tabs 10 --seconds 60
 */
import { chromium } from "@playwright/test";
import { CHROMIUM, numberArg, startFloorview } from "./lib.mjs";

const tabs = numberArg("tabs", 10);
const seconds = numberArg("seconds", 60);
const simPort = numberArg("sim-port", 4210);
const { base, stop } = await startFloorview(numberArg("port", 3200), { SIM_PORT: String(simPort) });
const stats = async () => (await fetch(`http://127.0.0.1:${simPort}/__sim/stats`)).json();

const browser = await chromium.launch(CHROMIUM);
const context = await browser.newContext();
let apiRequests = 0;
context.on("request", (r) => {
  if (r.url().endsWith("/api/agents")) apiRequests++;
});
for (let i = 0; i < tabs; i++) await (await context.newPage()).goto(`${base}/`);
const before = await stats();
apiRequests = 0;
await new Promise((r) => setTimeout(r, seconds * 1000));
const after = await stats();
await browser.close();
stop();

const perMinute = (n) => ((n * 60) / seconds).toFixed(1);
const activity = after.requests.activity - before.requests.activity;
const agents = after.requests.agents - before.requests.agents;
console.log(`tabs: ${tabs}, window: ${seconds} s`);
console.log(`browser → /api/agents: ${perMinute(apiRequests)} requests/min`);
console.log(`Floorview → Kore.ai: ${perMinute(activity + agents)} requests/min (activity ${perMinute(activity)}, agents ${perMinute(agents)})`);
process.exit(0);
