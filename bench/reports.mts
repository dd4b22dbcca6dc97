/**
 * Reports from the store, measured (docs/benchmarks.md): the time from asking to the full JSON of
 * `/api/reports/time-in-state`'s work (`timeInState`, then JSON.stringify) for
 *
 * 1. 5,000 agents × 1 day at 1 h (target < 2 s);
 * 2. 500 agents × 31 days at 1 d (target < 3 s);
 *
 * each from an embedded store the floor's days were written to as the importer writes them, and
 * with Kore.ai refusing every call (a report from the store must not need one).
 *
 *   npm run bench:reports -- [--agents 5000] [--small 500] [--days 31]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ActivityEvent } from "@/lib/activity/types";
import type { AgentSnapshot } from "@/lib/api-types";
import type { KoreClient } from "@/lib/kore/client";
import { HistoryStore } from "@/lib/server/feed/history";
import { Poller } from "@/lib/server/feed/poller";
import { parseQuery } from "@/lib/server/http/query";
import { reportQuery } from "@/lib/server/reports/reports";
import { timeInState } from "@/lib/server/reports/time-in-state";
import { RequestBudget } from "@/lib/server/feed/request-budget";
import { StoreWriter } from "@/lib/server/feed/store-writer";
import { SimFloor } from "@/lib/simulator/floor";
import { Vocabulary } from "@/lib/states/vocabulary";
import { openStore } from "@/lib/store/open";
import { numberArg, record } from "./lib.mjs";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CHUNK = 6 * HOUR;
const now = Date.now();
/** Windows end before the poller's memory (12 h): every second of them comes from the store. */
const end = Math.floor((now - 13 * HOUR) / DAY) * DAY;
const asEvent = (e: { agentId: string; time: number; activity: string; reasonCode: string }): ActivityEvent => ({ agentId: e.agentId, time: e.time, activity: e.activity, reasonCode: e.reasonCode || null });

async function run(label: string, agents: number, days: number, interval: "1h" | "1d") {
  const floor = new SimFloor({ agents, seed: `bench-reports-${agents}`, start: now, historyMs: (days + 2) * DAY + 13 * HOUR, live: false });
  const dir = mkdtempSync(join(tmpdir(), "floorview-bench-reports-"));
  const store = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "bench", onForeignTenant: "reset" });
  // The window and the day before it (the state each agent's window opens in).
  const from = end - days * DAY;
  let events = 0;
  const fillStart = performance.now();
  for (let start = from - DAY; start < end; start += CHUNK) {
    const chunk = floor.query(start, start + CHUNK, now).filter((e) => e.time >= start && e.time < start + CHUNK).map(asEvent);
    events += await store.record({ events: chunk, coveredFrom: start, coveredUntil: start + CHUNK, watermark: null });
  }
  const fillSeconds = (performance.now() - fillStart) / 1000;

  let upstreamCalls = 0;
  const refuse = async () => {
    upstreamCalls++;
    throw new Error("a report from the store must not call Kore.ai");
  };
  const client: KoreClient = { fetchActivity: refuse, fetchRosterPage: refuse };
  const budget = new RequestBudget(60);
  const poller = new Poller(client, budget, { pollIntervalMs: 15_000, overlapMs: 90_000, backfillMs: 12 * HOUR, chunkMs: HOUR, rosterRefreshMs: 300_000, rosterPageSize: 1000 });
  const history = new HistoryStore(client, budget, { chunkMs: CHUNK, maxEvents: 1_000_000, reserve: 15 });
  history.store = new StoreWriter(store);
  const sources = { poller, history, staleAfterMs: 45_000 };
  const roster: AgentSnapshot[] = floor.agents.map((a) => ({ agentId: a.agentId, name: `${a.firstName} ${a.lastName}`, activity: null, reasonCode: null, since: null, lastEventAt: null, team: null }));
  const parsed = parseQuery(reportQuery({ now, retentionMs: null }), new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(end).toISOString(), interval, tz: "UTC" }));
  if (!parsed.ok) throw new Error(parsed.message);

  const times: number[] = [];
  let rows = 0;
  let bytes = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const report = await timeInState(sources, new Vocabulary(), parsed.value, roster, { now: Date.now(), deadline: Date.now() + 60_000 });
    const json = JSON.stringify(report);
    times.push(performance.now() - t);
    if (!report.complete) throw new Error(`${label}: the report from the store came back incomplete`);
    rows = report.rows.length;
    bytes = json.length;
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const best = Math.min(...times);
  const figures = { agents, days, interval, events, rows, jsonMB: +(bytes / 1e6).toFixed(1), firstMs: Math.round(times[0]!), bestMs: Math.round(best), upstreamCalls, fillSeconds: +fillSeconds.toFixed(1) };
  console.log(`${label}: ${agents} agents × ${days} day(s) at ${interval}: ${rows.toLocaleString("en")} rows, ${figures.jsonMB} MB of JSON in ${figures.firstMs} ms (first), ${figures.bestMs} ms (best of 3); ${events.toLocaleString("en")} events in the store; Kore.ai calls ${upstreamCalls}`);
  return figures;
}

const large = await run("floor day", numberArg("agents", 5000), 1, "1h");
console.log(`  target < 2000 ms: ${large.firstMs < 2000 ? "met" : "NOT met"}`);
const month = await run("team month", numberArg("small", 500), numberArg("days", 31), "1d");
console.log(`  target < 3000 ms: ${month.firstMs < 3000 ? "met" : "NOT met"}`);
await record("reports", { large, month });
