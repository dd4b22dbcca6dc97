#!/usr/bin/env node
/**
 * How many calls Floorview makes to Kore.ai per minute while N browser tabs watch the grid.
 * Starts the production build on the built-in simulator, opens the tabs in Chromium, counts the
 * simulator's requests over a measured window. Needs `npm run build` first.
 *
 *   npm run bench:upstream -- --tabs 10 --seconds 60
 */
import { spawn } from "node:child_process";
import { chromium } from "@playwright/test";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const tabs = arg("tabs", 10);
const seconds = arg("seconds", 60);
const port = arg("port", 3200);
const simPort = arg("sim-port", 4210);

const server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
  env: { ...process.env, KORE_BASE_URL: "", SIM_PORT: String(simPort), LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1" },
  stdio: "inherit",
  detached: true,
});
const stop = () => {
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {}
};
process.on("exit", stop);

async function until(url) {
  for (let i = 0; i < 300; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return res.json();
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no answer from ${url}`);
}

const stats = () => until(`http://127.0.0.1:${simPort}/__sim/stats`);

await until(`http://127.0.0.1:${port}/api/health`);
// Let the backfill finish, so the window measures steady state.
for (;;) {
  const h = await until(`http://127.0.0.1:${port}/api/health`);
  if (h.upstream.status === "ok") break;
  await new Promise((r) => setTimeout(r, 500));
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const context = await browser.newContext();
let apiRequests = 0;
context.on("request", (r) => {
  if (r.url().endsWith("/api/agents")) apiRequests++;
});
for (let i = 0; i < tabs; i++) await (await context.newPage()).goto(`http://127.0.0.1:${port}/`);
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
