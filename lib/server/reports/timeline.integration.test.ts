import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningSimulator } from "@/lib/simulator/server";
import { truthSegments } from "@/lib/simulator/truth";
import { simulatorWithClient } from "@/test/simulator";
import { openStore } from "@/lib/store/open";
import type { EventStore } from "@/lib/store/event-store";
import { HistoryStore } from "../feed/history";
import { Poller } from "../feed/poller";
import { RequestBudget } from "../feed/request-budget";
import { StoreWriter } from "../feed/store-writer";
import { segmentsOf } from "@/lib/activity/timeline";
import { LOOKBACK_MS, prefetchSegments, readSegmentColumns, readSegments, readTimeline, type TimelineSources } from "./timeline";

const HOUR = 3_600_000;

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

/** A poller holding 2 hours in memory, read up to now, and a history store for what is older. */
async function setup(retryAfterMs = 30_000) {
  const s = await simulatorWithClient();
  sim = s.sim;
  const budget = new RequestBudget(60);
  const poller = new Poller(s.client, budget, {
    pollIntervalMs: 60_000,
    overlapMs: 90_000,
    backfillMs: 2 * HOUR,
    chunkMs: HOUR,
    rosterRefreshMs: 60_000,
    rosterPageSize: 50,
  });
  while (!poller.health.backfilled) await poller.pollOnce();
  const history = new HistoryStore(s.client, budget, { chunkMs: 6 * HOUR, maxEvents: 1_000_000, reserve: 5, retryAfterMs });
  const activityCalls = () => s.sim.requests.filter((r) => r.endpoint === "activity").length;
  return { sim: s.sim, sources: { poller, history, staleAfterMs: 45_000 }, activityCalls };
}

/** Sources over a store of their own, and a 4-hour window a little before memory: the store's alone. */
async function withStore(run: (x: { store: EventStore; all: TimelineSources; from: number; to: number }) => Promise<void>): Promise<void> {
  const { sources } = await setup();
  const dir = mkdtempSync(join(tmpdir(), "floorview-stored-"));
  const store = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "t", onForeignTenant: "reset" });
  try {
    const history = Object.assign(sources.history, { store: new StoreWriter(store) });
    const to = Math.floor(sources.poller.retainedFrom / HOUR) * HOUR - 4 * HOUR;
    await run({ store, all: { ...sources, history }, from: to - 4 * HOUR, to });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What a perfect reader of the whole feed would draw for the window, by the simulator's own
 * segmenter (lib/simulator/truth.ts), not Floorview's: a mistake in buildSegments cannot hide in it.
 */
function truth(s: RunningSimulator, agentId: string, from: number, to: number, liveEdge: number | null = null) {
  const now = Date.now();
  const events = s.floor.query(from - LOOKBACK_MS, liveEdge === null ? to : now, now).filter((e) => e.agentId === agentId);
  return truthSegments(events, { from, to, knownFrom: from - LOOKBACK_MS, liveEdge }).map((seg) => ({
    ...seg,
    start: new Date(seg.start).toISOString(),
    end: seg.end === null ? null : new Date(seg.end).toISOString(),
  }));
}

/** An agent with plenty of changes in the window. */
function busyAgent(s: RunningSimulator, from: number, to: number): string {
  const counts = new Map<string, number>();
  for (const e of s.floor.query(from, to, Date.now())) counts.set(e.agentId, (counts.get(e.agentId) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

describe("timeline history against the simulator over HTTP", () => {
  it("reads a window older than memory from Kore.ai once, then serves it from the cache", async () => {
    const { sim, sources, activityCalls } = await setup();
    const to = Date.now() - 6 * HOUR;
    const from = to - 20 * HOUR;
    const agentId = busyAgent(sim, from, to);

    const before = activityCalls();
    const first = await readTimeline(sources, agentId, from, to, { now: Date.now(), waitMs: 10_000 });
    const upstreamCalls = activityCalls() - before;
    expect(first.complete).toBe(true);
    expect(first.gaps).toEqual([]);
    // 20 h of window in 6-h chunks, plus at most a day before it for the state the window opened in.
    expect(upstreamCalls).toBe(sources.history.stats.requests);
    expect(upstreamCalls).toBeGreaterThanOrEqual(4);
    expect(upstreamCalls).toBeLessThanOrEqual(5 + 4);
    expect(first.segments.length).toBeGreaterThan(10);
    expect(first.segments).toEqual(truth(sim, agentId, from, to));

    const again = await readTimeline(sources, agentId, from, to, { now: Date.now(), waitMs: 10_000 });
    expect(activityCalls() - before).toBe(upstreamCalls);
    expect(again.segments).toEqual(first.segments);
    expect(sources.history.stats.hits).toBeGreaterThan(0);

    // Another agent on the same day costs nothing either: a chunk holds the whole floor.
    const other = sim.floor.agents.find((a) => a.agentId !== agentId)!.agentId;
    await readTimeline(sources, other, from, to, { now: Date.now(), waitMs: 10_000 });
    expect(activityCalls() - before).toBe(upstreamCalls);
  });

  it("with a store, reads a day from Kore.ai once in the store's lifetime: after a restart it comes from the store alone", async () => {
    const { sim, sources, activityCalls } = await setup();
    const dir = mkdtempSync(join(tmpdir(), "floorview-timeline-"));
    const open = async () => new StoreWriter(await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "kore:acc-1", onForeignTenant: "refuse" }));
    try {
      let writer = await open();
      sources.history.store = writer;
      // Chunks still settling (ending in the last minutes) are read but not kept: the window ends
      // on a chunk boundary at least 6 h old, whatever the hour the test runs at.
      const to = Math.floor(Date.now() / (6 * HOUR)) * 6 * HOUR - 6 * HOUR;
      const from = to - 20 * HOUR;
      const agentId = busyAgent(sim, from, to);
      const before = activityCalls();
      const first = await readTimeline(sources, agentId, from, to, { now: Date.now(), waitMs: 10_000 });
      const read = activityCalls() - before;
      expect(read).toBeGreaterThanOrEqual(4);
      expect(first.segments).toEqual(truth(sim, agentId, from, to));
      expect(sources.history.stats.stored).toBe(read);
      await writer.close();

      // A restart: no cache in memory, the same store. Not one call to Kore.ai, the same truth.
      writer = await open();
      const history = new HistoryStore(sources.history["client"], new RequestBudget(60), { chunkMs: 6 * HOUR, maxEvents: 1_000_000, reserve: 5 });
      history.store = writer;
      const restarted = { ...sources, history };
      const callsBefore = activityCalls();
      const again = await readTimeline(restarted, agentId, from, to, { now: Date.now(), waitMs: 10_000 });
      expect(activityCalls() - callsBefore).toBe(0);
      expect(again.complete).toBe(true);
      expect(again.segments).toEqual(first.segments);
      // Another agent, another part of the same day: the store has the whole floor.
      const other = sim.floor.agents.find((a) => a.agentId !== agentId)!.agentId;
      const otherTimeline = await readTimeline(restarted, other, from + 2 * HOUR, to, { now: Date.now(), waitMs: 10_000 });
      expect(activityCalls() - callsBefore).toBe(0);
      expect(otherTimeline.segments).toEqual(truth(sim, other, from + 2 * HOUR, to));
      await writer.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("joins history and memory without a seam, and leaves the state still going open", async () => {
    const { sim, sources } = await setup();
    const to = Date.now();
    const from = to - 8 * HOUR;
    const agentId = busyAgent(sim, from, to);
    const t = await readTimeline(sources, agentId, from, to, { now: to, waitMs: 10_000 });
    expect(t.complete).toBe(true);
    expect(t.segments).toEqual(truth(sim, agentId, from, to, sources.poller.coveredUntil));
    expect(t.segments.at(-1)!.end).toBeNull();
    // Consecutive segments never repeat a state: the memory boundary did not split one.
    for (let i = 1; i < t.segments.length; i++) {
      const [a, b] = [t.segments[i - 1]!, t.segments[i]!];
      expect(a.activity === b.activity && a.reasonCode === b.reasonCode).toBe(false);
    }
  });

  it("a past window whose last part could not be read ends where the known ends: unknown after it, never the last state carried on", async () => {
    const { sim, sources } = await setup();
    const to = Date.now() - 3 * HOUR;
    const from = to - 6 * HOUR;
    const agentId = busyAgent(sim, from, to);
    // The newest chunk is asked first: it alone fails.
    sim.setFault({ mode: "http_503", target: "activity", remaining: 1 });
    const t = await readTimeline(sources, agentId, from, to, { now: Date.now(), waitMs: 10_000 });
    expect(t.history.error?.code).toBe("server");
    expect(t.complete).toBe(false);
    expect(t.segments.length).toBeGreaterThan(0);
    expect(t.segments.filter((seg) => seg.end === null)).toEqual([]);
    const lastEnd = Date.parse(t.segments.at(-1)!.end!);
    expect(lastEnd).toBeLessThan(to);
    expect(t.gaps.at(-1)).toEqual({ start: new Date(lastEnd).toISOString(), end: new Date(to).toISOString() });
  });

  it("a window still being read answers at once to the next request, without holding it for the wait again", async () => {
    const { sim, sources } = await setup(1_500);
    const to = Date.now() - 3 * HOUR;
    const from = to - 6 * HOUR;
    const agentId = busyAgent(sim, from, to);
    // Kore.ai asks to come back in 3 s: one chunk is refused, the other waits its turn meanwhile.
    sim.setFault({ mode: "rate_limit", target: "activity", remaining: 1, retryAfterSeconds: 3 });
    let started = Date.now();
    const first = await readTimeline(sources, agentId, from, to, { now: Date.now(), waitMs: 1_000 });
    expect(first.complete).toBe(false);
    expect(first.history.pending).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    // The page polls again: the same read is in flight, so the answer comes without the wait.
    started = Date.now();
    const again = await readTimeline(sources, agentId, from, to, { now: Date.now(), waitMs: 1_000 });
    expect(Date.now() - started).toBeLessThan(300);
    expect(again.complete).toBe(false);
    expect(again.history.pending).toBe(true);
    // A window in the past with part of it not read: nothing is drawn as still going.
    expect(again.segments.filter((seg) => seg.end === null)).toEqual([]);

    await expect
      .poll(async () => (await readTimeline(sources, agentId, from, to, { now: Date.now(), waitMs: 1_000 })).complete, { timeout: 15_000, interval: 500 })
      .toBe(true);
    const done = await readTimeline(sources, agentId, from, to, { now: Date.now(), waitMs: 1_000 });
    expect(done.segments).toEqual(truth(sim, agentId, from, to));
  });

  it("answers with what it has when Kore.ai fails, names the failure, and fills in once it recovers", async () => {
    const { sim, sources, activityCalls } = await setup(1_500);
    const to = Date.now() - 3 * HOUR;
    const from = to - 6 * HOUR;
    const agentId = busyAgent(sim, from, to);
    sim.setFault({ mode: "http_503", target: "activity" });
    const failed = await readTimeline(sources, agentId, from, to, { now: Date.now(), waitMs: 5_000 });
    expect(failed.complete).toBe(false);
    expect(failed.history.error?.code).toBe("server");
    expect(failed.gaps.length).toBeGreaterThan(0);
    // A failed chunk is not asked again at once: no hammering a failing tenant.
    const calls = activityCalls();
    await readTimeline(sources, agentId, from, to, { now: Date.now(), waitMs: 1_000 });
    expect(activityCalls()).toBe(calls);

    sim.clearFaults();
    await new Promise((r) => setTimeout(r, 1_600));
    const recovered = await readTimeline(sources, agentId, from, to, { now: Date.now(), waitMs: 10_000 });
    expect(recovered.complete).toBe(true);
    expect(recovered.segments).toEqual(truth(sim, agentId, from, to));
  });
  it("a floor's day as columns straight from the store's read is the very segments the events give, read again too", async () => {
    await withStore(async ({ store, all, from, to }) => {
      const ev = (agentId: string, min: number, activity: string, reasonCode: string | null = null) => ({ agentId, time: from + min * 60_000, activity, reasonCode });
      // Opening in a state begun long before (the store proves it), one with two changes at one
      // instant, one whose first change is the window's start, one with nothing, one with nothing before the window.
      await store.record({
        events: [
          ev("x-before", -600, "notready", "6"), ev("x-before", 30, "ready"), ev("x-before", 31, "ready"), ev("x-before", 200, "busy"),
          ev("x-none", 45, "busy"), ev("x-none", 60, "acw"), ev("x-none", 62, "ready"),
          ev("x-tie", -5, "ready"), ev("x-tie", 90, "acw"),
          ev("x-edge", 0, "busy"), ev("x-edge", 239, "ready"),
        ],
        coveredFrom: from - LOOKBACK_MS - HOUR,
        coveredUntil: to + HOUR,
        watermark: null,
      });
      for (const [activity, reasonCode] of [["busy", null], ["notready", "1"]] as const) await store.record({ events: [ev("x-tie", 90, activity, reasonCode)], coveredFrom: from + 89 * 60_000, coveredUntil: from + 91 * 60_000, watermark: null });
      // The last three have nothing stored before the window: their state then is looked for in
      // Kore.ai, and a chunk read from there makes the window no longer the store's alone.
      const agents = ["x-before", "x-tie", "x-edge", "x-nobody", "x-none"];
      const opts = () => ({ now: Date.now(), deadline: Date.now() + 5_000 });
      const byEvents = async (id: string) => (await readSegments({ ...all, prefetch: null }, id, from, to, opts())).segments;
      const byColumns = async (ids: string[]) => {
        const prefetch = await prefetchSegments(all, ids, from, to);
        const out = new Map<string, unknown>();
        for (const id of ids) {
          const read = await readSegmentColumns({ ...all, prefetch }, id, from, to, opts());
          expect(read.gaps).toEqual([]);
          out.set(id, segmentsOf(read.segments));
        }
        return out;
      };
      const fromStore = agents.slice(0, 2);
      const expected = new Map<string, unknown>();
      for (const id of fromStore) expected.set(id, await byEvents(id));
      expect(expected.get("x-before")).toEqual([
        { activity: "notready", reasonCode: "6", start: from, end: from + 30 * 60_000 },
        { activity: "ready", reasonCode: null, start: from + 30 * 60_000, end: from + 200 * 60_000 },
        { activity: "busy", reasonCode: null, start: from + 200 * 60_000, end: to },
      ]);
      // Built from the store's columns, then read again (kept).
      expect(await byColumns(fromStore)).toEqual(expected);
      expect(await byColumns(fromStore)).toEqual(expected);
      // And those whose state at the window's start is read from Kore.ai, among the others.
      for (const id of agents.slice(2)) expected.set(id, await byEvents(id));
      expect(await byColumns(agents)).toEqual(expected);
    });
  });

  it("a report's window read again is what the store kept, and never stale: an event written into it since is read", async () => {
    await withStore(async ({ store, all, from, to }) => {
      const ev = (min: number, activity: string, reasonCode: string | null = null) => ({ agentId: "x-kept", time: from + min * 60_000, activity, reasonCode });
      await store.record({ events: [ev(-30, "ready"), ev(20, "notready", "1"), ev(50, "ready"), ev(130, "busy")], coveredFrom: from - LOOKBACK_MS - HOUR, coveredUntil: to + HOUR, watermark: null });
      const read = async () => {
        const prefetch = await prefetchSegments(all, ["x-kept"], from, to);
        const r = await readSegments({ ...all, prefetch }, "x-kept", from, to, { now: Date.now(), deadline: Date.now() + 5_000 });
        return r.segments.map((g) => [g.activity, g.reasonCode, (g.start - from) / 60_000, g.end === null ? null : (g.end - from) / 60_000]);
      };
      const first = await read();
      expect(first).toEqual([["ready", null, 0, 20], ["notready", "1", 20, 50], ["ready", null, 50, 130], ["busy", null, 130, 240]]);
      expect(await read()).toEqual(first);
      // Late, inside the window: read at once.
      await store.record({ events: [ev(90, "acw")], coveredFrom: from, coveredUntil: to, watermark: null });
      expect(await read()).toEqual([["ready", null, 0, 20], ["notready", "1", 20, 50], ["ready", null, 50, 90], ["acw", null, 90, 130], ["busy", null, 130, 240]]);
    });
  });
});
