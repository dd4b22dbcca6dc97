#!/usr/bin/env node
/**
 * Lighthouse 12.2.3 (its default mobile preset: simulated slow 4G and a 4× slower CPU), performance
 * only, on the two chart pages, the drill-down (`/agents/{id}`, 8 hours) and `/reports` (today by
 * the hour), the grid (`/`) and the Connection page. Target: at least 90 each. Runs each page `--runs` times and prints the median run.
 * Lighthouse is fetched by npx on first use (it is not a dependency of the app). Needs
 * `npm run build` first.
 *
 *   npm run bench:lighthouse -- --runs 3 [--preset desktop] [--only grid,connection]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM, numberArg, record, startFloorview, stringArg } from "./lib.mjs";

const runs = numberArg("runs", 3);
const preset = stringArg("preset", "mobile");
const { base, stop } = await startFloorview(numberArg("port", 3330), { AUTH_DISABLED: "true", FLOORVIEW_IMPORT_DAYS: "0" });
const agents = (await (await fetch(`${base}/api/agents`)).json()).agents;
// An agent who has been at work: the chart has bands to draw.
const agent = agents.find((a) => a.activity !== "offline") ?? agents[0];
// As a page opened during the day finds it: the agent's 8 hours and today's report already read
// from Kore.ai (the first look at a window reads what the store does not hold yet).
const utcDay = new Date(new Date().toISOString().slice(0, 10)).getTime();
const asked = [
  `${base}/api/agents/${encodeURIComponent(agent.agentId)}/timeline?window=8h&tz=UTC`,
  `${base}/api/reports/time-in-state?from=${new Date(utcDay).toISOString()}&to=${new Date(utcDay + 86_400_000).toISOString()}&interval=1h&tz=UTC`,
];
for (const url of asked) {
  for (let i = 0; !(await (await fetch(url)).json()).complete; i++) {
    if (i > 120) throw new Error(`not complete after 2 minutes: ${url}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// `--only grid,connection`: some of them.
const only = stringArg("only", "");
const pages = [
  ["drill-down", `/agents/${encodeURIComponent(agent.agentId)}`],
  ["reports", "/reports"],
  ["grid", "/"],
  ["connection", "/connection"],
].filter(([name]) => !only || only.split(",").includes(name));
const out = mkdtempSync(join(tmpdir(), "floorview-lighthouse-"));
const METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"];
const figures = {};
let below = 0;
for (const [name, path] of pages) {
  const results = [];
  for (let run = 0; run < runs; run++) {
    const file = join(out, `${name}-${run}.json`);
    const lh = spawnSync(
      "npx",
      [
        "--yes",
        "lighthouse@12.2.3",
        `${base}${path}`,
        "--only-categories=performance",
        "--output=json",
        `--output-path=${file}`,
        "--quiet",
        `--chrome-flags=--headless=new --no-sandbox ${CHROMIUM.args.join(" ")}`,
        ...(preset === "desktop" ? ["--preset=desktop"] : []),
      ],
      { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, CHROME_PATH: CHROMIUM.executablePath } },
    );
    if (lh.status !== 0) throw new Error(`lighthouse failed on ${path}`);
    const report = JSON.parse(readFileSync(file, "utf8"));
    results.push({
      score: Math.round(report.categories.performance.score * 100),
      ...Object.fromEntries(METRICS.map((m) => [m, Math.round(report.audits[m].numericValue * (m === "cumulative-layout-shift" ? 1000 : 1)) / (m === "cumulative-layout-shift" ? 1000 : 1)])),
    });
  }
  results.sort((a, b) => a.score - b.score);
  const median = results[Math.floor(results.length / 2)];
  if (median.score < 90) below++;
  figures[name] = { median, scores: results.map((r) => r.score) };
  console.log(
    `${name} (${path.startsWith("/agents") ? "/agents/{id}" : path}): score ${median.score} (runs: ${results.map((r) => r.score).join(", ")}; target ≥ 90) · ` +
      `FCP ${median["first-contentful-paint"]} ms · LCP ${median["largest-contentful-paint"]} ms · TBT ${median["total-blocking-time"]} ms · CLS ${median["cumulative-layout-shift"]} · SI ${median["speed-index"]} ms`,
  );
}
stop();
await record(`lighthouse-${preset}`, figures);
console.log(`Reports in ${out}`);
process.exit(below ? 1 : 0);
