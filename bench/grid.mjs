#!/usr/bin/env node
/**
 * The grid with a large floor in Chromium: time to the first complete render, then the main
 * thread's work while timers tick and polls arrive. Needs `npm run build` first.
 *
 *   npm run bench:grid -- --agents 1000 --seconds 15
 */
import { spawn } from "node:child_process";
import { chromium } from "@playwright/test";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const agents = arg("agents", 1000);
const seconds = arg("seconds", 15);
const port = arg("port", 3300);

const server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
  env: { ...process.env, KORE_BASE_URL: "", SIM_AGENTS: String(agents), LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1", KORE_MAX_REQUESTS_PER_MINUTE: "60" },
  stdio: "inherit",
  detached: true,
});
const stop = () => {
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {}
};
process.on("exit", stop);

const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    const h = await (await fetch(`${base}/api/health`)).json();
    if (h.upstream.status === "ok") break;
  } catch {}
  if (i > 600) throw new Error("server did not become ready");
  await new Promise((r) => setTimeout(r, 200));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
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
