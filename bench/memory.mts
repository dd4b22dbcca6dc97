/**
 * Memory over a day: 24 hours of a 5,000-agent floor's events, in accelerated time, through the
 * poller (12 h kept in memory, older pruned) and the snapshot cache, as the server runs them.
 * Kore.ai is the simulator's floor called in-process (no HTTP), so the clock can run fast.
 * Every read is written to Floorview's embedded store (SQLite in a temporary directory), as the
 * server does (`--store 0` leaves it out). Prints RSS and heap after GC every simulated hour.
 *
 *   npm run bench:memory -- --agents 5000 --hours 24
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KoreClient } from "@/lib/kore/client";
import { Poller } from "@/lib/server/feed/poller";
import { RequestBudget } from "@/lib/server/feed/request-budget";
import { SnapshotCache } from "@/lib/server/feed/snapshot";
import { StoreWriter } from "@/lib/server/feed/store-writer";
import { openStore } from "@/lib/store/open";
import { SimFloor } from "@/lib/simulator/floor";
import { numberArg, record } from "./lib.mjs";

const agents = numberArg("agents", 5000);
const hours = numberArg("hours", 24);
const HOUR = 3_600_000;
const POLL = 15_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc (npm run bench:memory does)");

let now = Date.parse("2026-11-27T06:00:00Z");
const floor = new SimFloor({ agents, seed: "memory", start: now, historyMs: 13 * HOUR });
const client: KoreClient = {
  fetchActivity: async (from, to) => {
    floor.advanceTo(now);
    const events = floor.query(from, to, now).map((e) => ({ agentId: e.agentId, time: e.time, activity: e.activity, reasonCode: e.reasonCode || null }));
    return { events, skipped: {}, skippedTotal: 0 };
  },
  fetchRosterPage: async (offset, limit) => {
    const page = floor.agents.slice(offset, offset + limit);
    return { agents: page, rowCount: page.length, skippedTotal: 0 };
  },
};
const poller = new Poller(client, new RequestBudget(60, () => now), { pollIntervalMs: POLL, overlapMs: 90_000, backfillMs: 12 * HOUR, chunkMs: HOUR, rosterRefreshMs: 5 * 60_000, rosterPageSize: 1000 }, () => now);
const snapshots = new SnapshotCache(poller, 45_000);
const withStore = numberArg("store", 1) === 1;
const dataDir = mkdtempSync(join(tmpdir(), "floorview-bench-memory-"));
if (withStore) poller.store = new StoreWriter(await openStore({ engine: "sqlite", dataDir }, { tenant: "bench", onForeignTenant: "reset" }), {}, () => now);

const mb = (n: number) => Math.round(n / 1024 / 1024);
while (poller.health.status !== "ok") await poller.pollOnce();
await poller.refreshRoster();
const samples: { hour: number; rss: number; heap: number; events: number }[] = [];
const started = performance.now();
for (let step = 1; step <= (hours * HOUR) / POLL; step++) {
  now += POLL;
  await poller.pollOnce();
  snapshots.get(now);
  if ((step * POLL) % HOUR === 0) {
    gc();
    const m = process.memoryUsage();
    samples.push({ hour: (step * POLL) / HOUR, rss: mb(m.rss), heap: mb(m.heapUsed), events: poller.events.size });
    console.log(`hour ${String((step * POLL) / HOUR).padStart(2)}: RSS ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} MB, events held ${poller.events.size.toLocaleString("en")}`);
  }
}
const peak = Math.max(...samples.map((s) => s.rss));
const last = samples.at(-1)!;
console.log(`${agents} agents, ${hours} h of events in ${((performance.now() - started) / 1000).toFixed(0)} s: RSS at most ${peak} MB (target ≤ 400 MB); last hour ${last.rss} MB RSS, ${last.heap} MB heap, ${last.events.toLocaleString("en")} events held (12 h kept)`);
const stored = withStore ? await poller.store!.store.info() : null;
if (stored) console.log(`store: ${stored.events.toLocaleString("en")} events, ${mb(stored.sizeBytes ?? 0)} MB on disk`);
await poller.store?.close();
rmSync(dataDir, { recursive: true, force: true });
await record("memory", { agents, hours, store: withStore, storedEvents: stored?.events ?? null, peakRssMb: peak, lastRssMb: last.rss, lastHeapMb: last.heap, eventsHeld: last.events, target: 400, pass: peak <= 400 });
