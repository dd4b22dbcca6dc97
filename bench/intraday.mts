/**
 * `/api/intraday`'s work, measured (issue 35): 5,000 agents × 1 day in the store, each with a
 * day's schedule, the day's 96 quarter hours tallied (`intradayReport`, then JSON.stringify),
 * Kore.ai refusing every call — target < 1 s; read cold (nothing read before) and again.
 *
 *   npm run bench:intraday -- [--agents 5000]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spansOf, type ScheduleRow } from "@/lib/activity/schedule";
import type { ActivityEvent } from "@/lib/activity/types";
import type { AgentSnapshot } from "@/lib/api-types";
import type { KoreClient } from "@/lib/kore/client";
import { HistoryStore } from "@/lib/server/feed/history";
import { Poller } from "@/lib/server/feed/poller";
import { RequestBudget } from "@/lib/server/feed/request-budget";
import { StoreWriter } from "@/lib/server/feed/store-writer";
import { intradayReport } from "@/lib/server/reports/intraday";
import sample from "@/lib/simulator/sample-labels.json";
import { SimFloor } from "@/lib/simulator/floor";
import { parseLabels } from "@/lib/states/labels-file";
import { Vocabulary } from "@/lib/states/vocabulary";
import { openStore } from "@/lib/store/open";
import { ScheduleStore } from "@/lib/store/schedule-store";
import { numberArg, record } from "./lib.mjs";

const HOUR = 3_600_000;
const MIN = 60_000;
const DAY = 24 * HOUR;
const CHUNK = 6 * HOUR;
const now = Date.now();
const agents = numberArg("agents", 5000);
const asEvent = (e: { agentId: string; time: number; activity: string; reasonCode: string }): ActivityEvent => ({ agentId: e.agentId, time: e.time, activity: e.activity, reasonCode: e.reasonCode || null });
const vocab = new Vocabulary(parseLabels(JSON.stringify(sample)).labels);

const end = Math.floor((now - 13 * HOUR) / DAY) * DAY;
const from = end - DAY;
const floor = new SimFloor({ agents, seed: `bench-intraday-${agents}`, start: now, historyMs: 3 * DAY, live: false });
const ids = floor.agents.map((a) => a.agentId);
const dir = mkdtempSync(join(tmpdir(), "floorview-bench-intraday-"));
const store = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "bench", onForeignTenant: "reset" });
const schedules = new ScheduleStore(store.db);
// As the server does once its store is open.
store.startReadThread();
let events = 0;
for (let start = from - DAY; start < end; start += CHUNK) {
  const chunk = floor.query(start, start + CHUNK, now).filter((e) => e.time >= start && e.time < start + CHUNK).map(asEvent);
  events += await store.record({ events: chunk, coveredFrom: start, coveredUntil: start + CHUNK, watermark: null });
}
const rows: ScheduleRow[] = [];
ids.forEach((agentId, i) => {
  let at = from + (6 + (i % 9)) * HOUR;
  for (const [minutes, activity] of [[120, "work"], [15, "break"], [105, "work"], [45, "lunch"], [120, "work"], [15, "break"], [105, "work"]] as const) {
    rows.push({ agentId, start: at, end: at + minutes * MIN, activity });
    at += minutes * MIN;
  }
});
await schedules.replace(rows, spansOf(rows));

let upstreamCalls = 0;
const refuse = async () => {
  upstreamCalls++;
  throw new Error("intraday from the store must not call Kore.ai");
};
const client: KoreClient = { fetchActivity: refuse, fetchRosterPage: refuse };
const budget = new RequestBudget(60);
const poller = new Poller(client, budget, { pollIntervalMs: 15_000, overlapMs: 90_000, backfillMs: 12 * HOUR, chunkMs: HOUR, rosterRefreshMs: 300_000, rosterPageSize: 1000 });
const history = new HistoryStore(client, budget, { chunkMs: CHUNK, maxEvents: 1_000_000, reserve: 15 });
history.store = new StoreWriter(store);
const roster: AgentSnapshot[] = floor.agents.map((a) => ({ agentId: a.agentId, name: `${a.firstName} ${a.lastName}`, activity: null, reasonCode: null, since: null, lastEventAt: null, team: null }));
const sources = { poller, history, staleAfterMs: 45_000, schedules };
const times: number[] = [];
let bytes = 0;
let open = 0;
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const report = await intradayReport(sources, vocab, { from, to: end, date: new Date(from).toISOString().slice(0, 10), tz: "UTC", interval: "15m" }, roster, { now: Date.now(), deadline: Date.now() + 60_000 });
  const json = JSON.stringify(report);
  times.push(performance.now() - t);
  if (!report.complete) throw new Error("intraday from the store came back incomplete");
  if (report.rows.length !== 96) throw new Error(`${report.rows.length} rows, not 96`);
  bytes = json.length;
  open = Math.max(...report.rows.map((r) => r.scheduledOpen));
}
const figures = { agents, events, firstMs: Math.round(times[0]!), againMs: Math.round(Math.min(...times.slice(1))), jsonKB: Math.round(bytes / 1024), peakScheduledOpen: open, upstreamCalls };
console.log(`intraday: ${agents} agents × 1 day, ${events.toLocaleString("en")} events in the store, 96 quarter hours (${figures.jsonKB} KB of JSON, up to ${open} scheduled open): ${figures.firstMs} ms cold, ${figures.againMs} ms read again; Kore.ai calls ${upstreamCalls}`);
console.log(`  target < 1000 ms: ${figures.firstMs < 1000 ? "met" : "NOT met"} cold, ${figures.againMs < 1000 ? "met" : "NOT met"} read again`);
await store.close();
rmSync(dir, { recursive: true, force: true });
await record("intraday", figures);
