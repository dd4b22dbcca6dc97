#!/usr/bin/env node
/**
 * The whole suite, one scenario after the other (they share the machine's cores): each prints
 * its figures and records them in bench/results.json; docs/benchmarks.md holds the table.
 * Needs `npm run build` first (and redis-server for the cluster scenario). About 45 minutes (Lighthouse, 60 runs, is half of it).
 *
 *   npm run bench
 */
import { spawnSync } from "node:child_process";

const scenarios = [
  ["backfill", "node bench/backfill.mjs"],
  ["ingest", "node --conditions=react-server --import tsx bench/ingest.mts"],
  ["/api/agents under load, and upstream calls with 1 and 200 clients", "node bench/api-load.mjs"],
  ["memory over 24 h of events, accelerated", "node --expose-gc --conditions=react-server --import tsx bench/memory.mts"],
  ["grid with 5,000 agents in Chromium", "node bench/grid.mjs --agents 5000"],
  ["several instances on one Redis", "node bench/cluster.mjs"],
  ["Floorview's store: append, timeline, restart (embedded; add --pg for Postgres)", "node --conditions=react-server --import tsx bench/store.mts"],
  ["Reports from the store: 5,000 agents × 1 day at 1 h, 500 agents × 31 days at 1 d", "node --conditions=react-server --import tsx bench/reports.mts"],
  ["the reports page in Chromium: 500 agents × 1 day at 15 min", "node bench/reports-page.mjs"],
  ["a dozen 5,000-agent day reports at once from one viewer, beside a screen polling /api/agents", "node bench/heavy-reads.mjs"],
  ["Schedule adherence: live per poll and a day of 5,000 agents from the store", "node --conditions=react-server --import tsx bench/adherence.mts"],
  ["An adjustment recomputed: 500 agents × 31 days", "node --conditions=react-server --import tsx bench/adjustments.mts"],
  ["Intraday: 5,000 agents × 1 day, 96 quarter hours", "node --conditions=react-server --import tsx bench/intraday.mts"],
  ["The floor at 50 past instants (200 agents, a day)", "node bench/floor-at.mjs"],
  ["Alerts: 1,000 crossings in one poll across 5,000 agents, to a webhook and Slack", "node --conditions=react-server --import tsx bench/alerts.mts"],
  ["first-load JS of every page, against its budget", "node bench/first-load-js.mjs"],
  ["Lighthouse on every page, mobile and desktop, median of 3", "node bench/lighthouse.mjs --runs 3"],
];
let failed = 0;
for (const [name, command] of scenarios) {
  console.log(`\n== ${name}: ${command}`);
  const run = spawnSync(command, { shell: true, stdio: "inherit" });
  if (run.status !== 0) failed++;
}
console.log(`\nFigures recorded in bench/results.json${failed ? `; ${failed} scenario(s) failed to run` : ""}.`);
process.exit(failed ? 1 : 0);
