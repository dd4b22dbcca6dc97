/**
 * Floorview's store, measured (docs/benchmarks.md):
 *
 * 1. Append rate (embedded SQLite; Postgres too with `--pg URL`): a 5,000-agent floor's 7 days,
 *    written as the importer writes it (one transaction per 6-hour chunk), and the latency of a
 *    poll-sized write (one 15-second poll of the same floor).
 * 2. Bytes per event on disk, once the 7 days are in.
 * 3. A 7-day timeline from the store: `readTimeline` for random agents over 7 days the store
 *    covers, p50/p95 (Kore.ai must not be called: its client throws).
 * 4. Restart: the production build on the standalone simulator (5,000 agents, 12 h live window),
 *    killed with SIGKILL, started again after a gap: time from start to the first complete
 *    snapshot, and Kore.ai calls until then (target: < 2 s, ≤ 1 + the gap's chunks).
 *
 *   npm run bench:store -- --agents 5000 --days 7 [--pg postgres://…] [--restart 0] [--engines 0] [--sqlite 0]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ActivityEvent } from "@/lib/activity/types";
import type { KoreClient } from "@/lib/kore/client";
import { HistoryStore } from "@/lib/server/feed/history";
import { Poller } from "@/lib/server/feed/poller";
import { RequestBudget } from "@/lib/server/feed/request-budget";
import { StoreWriter } from "@/lib/server/feed/store-writer";
import { readTimeline } from "@/lib/server/reports/timeline";
import { SimFloor } from "@/lib/simulator/floor";
import type { EventStore } from "@/lib/store/event-store";
import { openStore, type StoreTarget } from "@/lib/store/open";
import { nodeCommand, numberArg, record, startStandaloneSimulator, stringArg } from "./lib.mjs";

const agents = numberArg("agents", 5000);
const days = numberArg("days", 7);
const pgUrl = stringArg("pg", "");
const restart = numberArg("restart", 1) === 1;
const engines = numberArg("engines", 1) === 1;
const withSqlite = numberArg("sqlite", 1) === 1;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CHUNK = 6 * HOUR;

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const now = Date.now();
const floor = new SimFloor({ agents, seed: "bench-store", start: now, historyMs: days * DAY + 13 * HOUR, live: false });
const asEvent = (e: { agentId: string; time: number; activity: string; reasonCode: string }): ActivityEvent => ({ agentId: e.agentId, time: e.time, activity: e.activity, reasonCode: e.reasonCode || null });

/**
 * The floor's `days` (and one more, for the state each timeline opens in) before the last 12
 * hours, in 6-hour chunks, as the importer writes them.
 */
let busiestChunk = 0;
let busiestCount = 0;

async function fill(store: EventStore): Promise<{ events: number; seconds: number; perSecond: number }> {
  const to = Math.floor((now - 12 * HOUR) / CHUNK) * CHUNK;
  const from = to - (days + 1) * DAY;
  let events = 0;
  let ms = 0;
  for (let start = from; start < to; start += CHUNK) {
    const chunk = floor.query(start, start + CHUNK, now).filter((e) => e.time >= start && e.time < start + CHUNK).map(asEvent);
    if (chunk.length > busiestCount) [busiestChunk, busiestCount] = [start, chunk.length];
    const t = performance.now();
    events += await store.record({ events: chunk, coveredFrom: start, coveredUntil: start + CHUNK, watermark: null });
    ms += performance.now() - t;
  }
  return { events, seconds: ms / 1000, perSecond: Math.round(events / (ms / 1000)) };
}

/** 200 polls of 15 s from the floor's busiest 6 hours, written as the poller writes them: latency. */
async function pollWrites(store: EventStore): Promise<{ eventsPerPoll: number; p50Ms: number; p95Ms: number }> {
  const times: number[] = [];
  let size = 0;
  const base = busiestChunk;
  for (let i = 0; i < 200; i++) {
    const from = base + i * 15_000;
    const events = floor.query(from, from + 15_000, now).filter((e) => e.time >= from && e.time < from + 15_000).map(asEvent);
    size += events.length;
    // As new events (the floor's agents under other ids: these are stored already), so each write inserts them all.
    const fresh = events.map((e) => ({ ...e, agentId: `p-${e.agentId}` }));
    const t = performance.now();
    await store.record({ events: fresh, coveredFrom: from, coveredUntil: from + 15_000, watermark: from + 15_000 });
    times.push(performance.now() - t);
  }
  return { eventsPerPoll: Math.round(size / 200), p50Ms: +quantile(times, 0.5).toFixed(2), p95Ms: +quantile(times, 0.95).toFixed(2) };
}

async function timelines(store: EventStore): Promise<{ p50Ms: number; p95Ms: number; segmentsPerTimeline: number; upstreamCalls: number }> {
  let upstreamCalls = 0;
  const refuse = async () => {
    upstreamCalls++;
    throw new Error("the 7-day timeline bench must not call Kore.ai");
  };
  const client: KoreClient = { fetchActivity: refuse, fetchRosterPage: refuse };
  const budget = new RequestBudget(60);
  const poller = new Poller(client, budget, { pollIntervalMs: 15_000, overlapMs: 90_000, backfillMs: 12 * HOUR, chunkMs: HOUR, rosterRefreshMs: 300_000, rosterPageSize: 1000 });
  const history = new HistoryStore(client, budget, { chunkMs: CHUNK, maxEvents: 1_000_000, reserve: 15 });
  const writer = new StoreWriter(store);
  history.store = writer;
  const sources = { poller, history, staleAfterMs: 45_000 };
  const to = Math.floor((now - 12 * HOUR) / CHUNK) * CHUNK;
  const from = to - 7 * DAY;
  const times: number[] = [];
  let segments = 0;
  for (let i = 0; i < 300; i++) {
    const agentId = floor.agents[(i * 7919) % floor.agents.length]!.agentId;
    const t = performance.now();
    const timeline = await readTimeline(sources, agentId, from, to, { now: Date.now(), waitMs: 10_000 });
    times.push(performance.now() - t);
    segments += timeline.segments.length;
    if (!timeline.complete) throw new Error("a 7-day timeline from the store came back incomplete");
  }
  return { p50Ms: +quantile(times, 0.5).toFixed(1), p95Ms: +quantile(times, 0.95).toFixed(1), segmentsPerTimeline: Math.round(segments / 300), upstreamCalls };
}

async function engine(name: string, target: StoreTarget) {
  const store = await openStore(target, { tenant: `bench:${now}`, onForeignTenant: "reset" });
  const filled = await fill(store);
  console.log(`${name}: ${filled.events.toLocaleString("en")} events (${agents} agents × ${days + 1} days) appended in ${filled.seconds.toFixed(1)} s: ${filled.perSecond.toLocaleString("en")} events/s (target ≥ 100,000 embedded)`);
  const polls = await pollWrites(store);
  console.log(`${name}: a poll's write (${polls.eventsPerPoll} events): p50 ${polls.p50Ms} ms, p95 ${polls.p95Ms} ms`);
  const tl = await timelines(store);
  console.log(`${name}: 7-day timeline from the store (${tl.segmentsPerTimeline} segments): p50 ${tl.p50Ms} ms, p95 ${tl.p95Ms} ms (target < 100 ms), Kore.ai calls ${tl.upstreamCalls}`);
  const info = await store.info();
  await store.close();
  // Measured after close: SQLite has folded its write-ahead log into the database file.
  const size = target.engine === "sqlite" ? (await import("node:fs")).statSync(join(target.dataDir, "floorview.db")).size : info.sizeBytes ?? 0;
  const bytesPerEvent = Math.round(size / info.events);
  console.log(`${name}: ${info.events.toLocaleString("en")} events in ${(size / 1024 / 1024).toFixed(0)} MB: ${bytesPerEvent} bytes an event, indexes included`);
  return { events: info.events, appendPerSecond: filled.perSecond, pollWriteP95Ms: polls.p95Ms, pollEvents: polls.eventsPerPoll, timelineP50Ms: tl.p50Ms, timelineP95Ms: tl.p95Ms, bytesPerEvent };
}

/** The production build killed with SIGKILL and started again: time to the first complete snapshot. */
async function restartBench() {
  const sim = await startStandaloneSimulator(4300 + Math.floor(Math.random() * 500), { SIM_AGENTS: String(agents), SIM_HISTORY_HOURS: "14", SIM_SEED: "bench-store" });
  const dataDir = mkdtempSync(join(tmpdir(), "floorview-bench-restart-"));
  const port = 3300 + Math.floor(Math.random() * 500);
  const env = { ...process.env, ...sim.koreEnv, LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1", FLOORVIEW_DATA_DIR: dataDir, FLOORVIEW_IMPORT_DAYS: "0", KORE_POLL_INTERVAL_SECONDS: "5", KORE_ROSTER_PAGE_SIZE: "1000", KORE_MAX_REQUESTS_PER_MINUTE: "60", AUTH_DISABLED: "true" };
  const start = () => {
    const [command, args] = nodeCommand(["scripts/start.mjs", "-p", String(port), "-H", "127.0.0.1"]);
    return spawn(command, args, { env, stdio: ["ignore", "ignore", "inherit"], detached: true });
  };
  const calls = async () => ((await (await fetch(`${sim.url}/__sim/stats`)).json()) as { requests: { activity: number; agents: number } }).requests;
  /** Until the server answers a complete snapshot: upstream ok, every agent named, states shown. */
  const firstComplete = async () => {
    for (;;) {
      try {
        // The small answer first: a 1 MB snapshot fetched every 20 ms would slow the server it times.
        const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { upstream: { status: string } };
        if (health.upstream.status === "ok") {
          const body = (await (await fetch(`http://127.0.0.1:${port}/api/agents`)).json()) as { upstream: { status: string }; agents: { name: string | null; activity: string | null }[] };
          if (body.upstream.status === "ok" && body.agents.length >= agents && body.agents.every((a) => a.name) && body.agents.some((a) => a.activity)) return body;
        }
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  let server = start();
  const coldStart = performance.now();
  const coldCallsBefore = await calls();
  const cold = await firstComplete();
  const coldMs = performance.now() - coldStart;
  const coldCalls = await calls();
  console.log(`restart: first start (a 12-hour backfill of ${agents} agents): ${(coldMs / 1000).toFixed(1)} s, ${coldCalls.activity - coldCallsBefore.activity} activity + ${coldCalls.agents - coldCallsBefore.agents} roster calls`);
  // Let the store settle a little, as a running server would be.
  await new Promise((r) => setTimeout(r, 10_000));
  process.kill(-server.pid!, "SIGKILL");
  const gapMs = 30_000;
  await new Promise((r) => setTimeout(r, gapMs));
  const before = await calls();
  const t = performance.now();
  server = start();
  const warm = await firstComplete();
  const restartMs = performance.now() - t;
  const after = await calls();
  const restartCalls = after.activity - before.activity + (after.agents - before.agents);
  const sameAgents = warm.agents.length === cold.agents.length;
  console.log(`restart: SIGKILL, ${gapMs / 1000} s down, start: first complete snapshot in ${(restartMs / 1000).toFixed(2)} s (target < 2 s); Kore.ai calls ${restartCalls} (target ≤ 1 + the gap's 1 chunk); ${warm.agents.length} agents${sameAgents ? "" : " (not the same count!)"}`);
  process.kill(-server.pid!, "SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
  return { coldStartMs: Math.round(coldMs), restartMs: Math.round(restartMs), restartCalls, gapSeconds: gapMs / 1000 };
}

const dir = mkdtempSync(join(tmpdir(), "floorview-bench-store-"));
const sqlite = engines && withSqlite ? await engine("embedded SQLite", { engine: "sqlite", dataDir: dir }) : null;
rmSync(dir, { recursive: true, force: true });
const postgres = engines && pgUrl ? await engine("Postgres", { engine: "postgres", url: pgUrl }) : null;
const restarted = restart ? await restartBench() : null;
await record(restarted && !sqlite && !postgres ? "store-restart" : "store", {
  agents,
  days,
  sqlite,
  postgres,
  restart: restarted,
  targets: { appendPerSecond: 100_000, timelineP95Ms: 100, restartMs: 2_000 },
  pass: (!sqlite || (sqlite.appendPerSecond >= 100_000 && sqlite.timelineP95Ms < 100)) && (!restarted || (restarted.restartMs < 2_000 && restarted.restartCalls <= 2)),
});
process.exit(0);
