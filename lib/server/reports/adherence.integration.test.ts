import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { adherenceReadFrom, DEFAULT_WORK_STATES } from "@/lib/activity/adherence";
import { parseScheduleCsv, spansOf, type ScheduleRow } from "@/lib/activity/schedule";
import sample from "@/lib/simulator/sample-labels.json";
import type { RunningSimulator } from "@/lib/simulator/server";
import { truthSegments } from "@/lib/simulator/truth";
import { parseLabels } from "@/lib/states/labels-file";
import { Vocabulary } from "@/lib/states/vocabulary";
import { openStore } from "@/lib/store/open";
import { ScheduleStore } from "@/lib/store/schedule-store";
import { adherenceTruth, type TruthRules } from "@/test/adherence-truth";
import { resetClock, setClock } from "@/test/clock";
import { simulatorWithClient } from "@/test/simulator";
import { wallIso } from "@/test/zone";
import { adherenceReport, adherenceRules } from "./adherence";
import { LiveAdherence } from "../live/live-adherence";
import { HistoryStore } from "../feed/history";
import { Poller } from "../feed/poller";
import { reportAgents } from "./reports";
import { RequestBudget } from "../feed/request-budget";
import { LOOKBACK_MS } from "./timeline";

/**
 * Adherence against the simulator's ground truth: generated schedules (overnight shifts, breaks,
 * lunches, training, days off) on the night Berlin's clocks go back, judged by Floorview from the
 * feed it reads, and second by second from the simulator's own segments with the rules written
 * plainly in `test/adherence-truth.ts`.
 */

const HOUR = 3_600_000;
const MIN = 60_000;
const DAY = 24 * HOUR;
const EVERYONE = { teams: null, agents: null, prefix: null, privacy: false };
const { labels } = parseLabels(JSON.stringify(sample));
const VOCAB = new Vocabulary(labels);
const RULES = adherenceRules({ work: [...DEFAULT_WORK_STATES], graceMs: 3 * MIN });
const TRUTH: TruthRules = {
  working: (a) => a === "ready" || a === "busy" || a === "acw",
  isOn: (a) => a !== "offline",
  category: (s) => (s.activity === "notready" && s.reasonCode ? (sample.reasons as Record<string, { category: string }>)[s.reasonCode]?.category ?? null : null),
  graceMs: 3 * MIN,
};

let sim: RunningSimulator | null = null;
const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await sim?.close();
  sim = null;
  for (const c of closers.splice(0)) await c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  resetClock();
});

/**
 * A floor with history back to a day before `from` (the schedules' earliest shift reads that far)
 * when the clock is set to `clockAt`; else the last 4 days at the machine's time.
 */
async function setup(opts: { retryAfterMs?: number; from?: number; clockAt?: number } = {}) {
  const { retryAfterMs = 30_000 } = opts;
  if (opts.clockAt !== undefined) setClock(opts.clockAt);
  const historyHours = opts.from === undefined ? 4 * 24 : Math.ceil((Date.now() - opts.from + 2 * LOOKBACK_MS) / HOUR) + 6;
  const s = await simulatorWithClient({ agents: 12, historyHours });
  sim = s.sim;
  const budget = new RequestBudget(600);
  const poller = new Poller(s.client, budget, { pollIntervalMs: 60_000, overlapMs: 90_000, backfillMs: 2 * HOUR, chunkMs: HOUR, rosterRefreshMs: 60_000, rosterPageSize: 50 });
  while (!poller.health.backfilled) await poller.pollOnce();
  await poller.refreshRoster();
  const history = new HistoryStore(s.client, budget, { chunkMs: 6 * HOUR, maxEvents: 2_000_000, reserve: 5, retryAfterMs });
  const dir = mkdtempSync(join(tmpdir(), "floorview-adherence-"));
  dirs.push(dir);
  const store = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "t", onForeignTenant: "reset" });
  closers.push(() => store.close());
  return { sim: s.sim, sources: { poller, history, staleAfterMs: 45_000, schedules: new ScheduleStore(store.db) } };
}

/** A seeded generator (mulberry32): the same schedules every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Berlin's two days a year of other lengths, midnight to midnight: 25 hours in October, 23 in March. */
const BERLIN_DAYS = [
  { name: "25 hours (the clocks go back)", from: Date.parse("2026-10-24T22:00:00Z"), to: Date.parse("2026-10-25T23:00:00Z"), hours: 25 },
  { name: "23 hours (the clocks go forward)", from: Date.parse("2027-03-27T23:00:00Z"), to: Date.parse("2027-03-28T22:00:00Z"), hours: 23 },
] as const;

/**
 * A schedule as a planner writes it, in Berlin's wall time with its offsets: each agent a shift
 * of 8–9 hours starting anywhere from the evening before the day to its afternoon (the night ones
 * across the change of offset), a break, a lunch, sometimes training, `off` after some shifts.
 */
function scheduleCsv(agentIds: readonly string[], seed: number, dayFrom: number): string {
  const r = rng(seed);
  const lines = ["agent_id,start,end,activity"];
  for (const id of agentIds) {
    let t = dayFrom - 4 * HOUR + Math.floor(r() * 22) * HOUR + Math.floor(r() * 4) * 15 * MIN;
    const blocks: [number, string][] = [[90 + Math.floor(r() * 60), "work"], [15, "break"], [120, "work"], [r() < 0.3 ? 60 : 0, "training"], [45, "lunch"], [150, "work"], [15, "break"], [60, "work"]];
    for (const [minutes, activity] of blocks) {
      if (minutes === 0) continue;
      lines.push(`${id},${wallIso(t, "Europe/Berlin")},${wallIso(t + minutes * MIN, "Europe/Berlin")},${activity}`);
      t += minutes * MIN;
    }
    if (r() < 0.5) lines.push(`${id},${wallIso(t, "Europe/Berlin")},${wallIso(t + 10 * HOUR, "Europe/Berlin")},off`);
  }
  return lines.join("\n");
}

describe("adherence against the simulator's truth", () => {
  it.each(BERLIN_DAYS.map((d) => [d.name, d] as const))("equals a second-by-second count of the truth for a Berlin day of %s with overnight shifts", async (_name, day) => {
    const { from, to } = day;
    // The clock set the morning after: the day and its night shifts all in the past.
    const { sim, sources } = await setup({ from: from - 4 * HOUR, clockAt: to + 8 * HOUR });
    const q = { from, to, teams: [], agents: [] };
    const { agents } = reportAgents(sources, q, EVERYONE);
    const parsed = parseScheduleCsv(scheduleCsv(agents.map((a) => a.agentId), 7, from));
    expect(parsed.problems).toEqual([]);
    await sources.schedules.replace(parsed.rows, spansOf(parsed.rows));

    const now = Date.now();
    const report = await adherenceReport(sources, VOCAB, RULES, q, agents, new Set(), { now, deadline: now + 60_000 });
    expect(report.complete).toBe(true);
    expect(report.agents.map((a) => a.agentId).sort()).toEqual(agents.map((a) => a.agentId).sort());
    let exceptions = 0;
    for (const a of report.agents) {
      const rows: ScheduleRow[] = parsed.rows.filter((r) => r.agentId === a.agentId).map(({ line: _line, ...r }) => r);
      const origin = Math.min(from, adherenceReadFrom(rows, from));
      const events = sim.floor.query(origin - LOOKBACK_MS, to, now).filter((e) => e.agentId === a.agentId);
      const segments = truthSegments(events, { from: origin, to, knownFrom: origin - LOOKBACK_MS, liveEdge: null });
      const want = adherenceTruth(rows, segments, from, to, now, origin, TRUTH);
      expect({ agent: a.agentId, scheduled: a.scheduledSeconds, adherent: a.adherentSeconds, unknown: a.unknownSeconds }).toEqual({
        agent: a.agentId,
        scheduled: want.scheduledMs / 1000,
        adherent: want.adherentMs / 1000,
        unknown: want.unknownMs / 1000,
      });
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      expect(a.exceptions, a.agentId).toEqual(want.exceptions.map((e) => ({ ...e, start: iso(e.start), end: iso(e.end) })));
      exceptions += a.exceptions.length;
      expect(a.percent).toBe(Math.round((10_000 * want.adherentMs) / (want.scheduledMs - want.unknownMs)) / 100);
      expect(a.current).toBeNull();
    }
    // Per hour of Berlin's wall clock (25 or 23 of them that day): each hour the truth's, and the hours add up to the day.
    const hourly = await adherenceReport(sources, VOCAB, RULES, { ...q, interval: "1h", tz: "Europe/Berlin" }, agents.slice(0, 3), new Set(), { now, deadline: now + 60_000 });
    for (const a of hourly.agents) {
      expect(a.intervals).toHaveLength(day.hours);
      const rows: ScheduleRow[] = parsed.rows.filter((r) => r.agentId === a.agentId).map(({ line: _line, ...r }) => r);
      const origin = Math.min(from, adherenceReadFrom(rows, from));
      const events = sim.floor.query(origin - LOOKBACK_MS, to, now).filter((e) => e.agentId === a.agentId);
      const segments = truthSegments(events, { from: origin, to, knownFrom: origin - LOOKBACK_MS, liveEdge: null });
      for (const cell of a.intervals!) {
        const [cs, ce] = [Date.parse(cell.start), Date.parse(cell.end)];
        const want = adherenceTruth(rows, segments, cs, ce, now, Math.min(cs, adherenceReadFrom(rows, cs)), TRUTH);
        expect({ cell: cell.start, s: cell.scheduledSeconds, a: cell.adherentSeconds, u: cell.unknownSeconds }).toEqual({ cell: cell.start, s: want.scheduledMs / 1000, a: want.adherentMs / 1000, u: want.unknownMs / 1000 });
      }
      const whole = report.agents.find((x) => x.agentId === a.agentId)!;
      expect(a.intervals!.reduce((n, c) => n + c.adherentSeconds, 0)).toBe(whole.adherentSeconds);
      expect(a.intervals!.reduce((n, c) => n + c.scheduledSeconds, 0)).toBe(whole.scheduledSeconds);
    }

    // A floor that does not follow any schedule: plenty to report, of every kind.
    expect(exceptions).toBeGreaterThan(agents.length);
    expect(new Set(report.agents.flatMap((a) => a.exceptions.map((e) => e.type)))).toEqual(new Set(["late", "early_leave", "wrong_activity", "unscheduled"]));
  });

  it("an outage of the history reader leaves the schedule's time unknown, never judged; once read, exact", async () => {
    const { sim, sources } = await setup({ retryAfterMs: 200 });
    const from = Math.floor((Date.now() - 3 * DAY) / HOUR) * HOUR;
    const to = from + 6 * HOUR;
    const q = { from, to, teams: [], agents: [] };
    const { agents } = reportAgents(sources, q, EVERYONE);
    const three = agents.slice(0, 3);
    const rows = three.map((a) => ({ agentId: a.agentId, start: from + HOUR, end: from + 5 * HOUR, activity: "work" as const }));
    await sources.schedules.replace(rows, spansOf(rows));
    sim.setFault({ mode: "http_503", target: "activity" });
    const during = await adherenceReport(sources, VOCAB, RULES, q, three, new Set(), { now: Date.now(), deadline: Date.now() + 1_500 });
    expect(during.complete).toBe(false);
    for (const a of during.agents) expect(a).toMatchObject({ scheduledSeconds: 4 * 3600, unknownSeconds: 4 * 3600, adherentSeconds: 0, percent: null, exceptions: [] });
    sim.clearFaults();
    await new Promise((r) => setTimeout(r, 300));
    const now = Date.now();
    const after = await adherenceReport(sources, VOCAB, RULES, q, three, new Set(), { now, deadline: now + 60_000 });
    expect(after.complete).toBe(true);
    for (const a of after.agents) {
      const mine = rows.filter((r) => r.agentId === a.agentId);
      const segments = truthSegments(sim.floor.query(from - LOOKBACK_MS, to, now).filter((e) => e.agentId === a.agentId), { from, to, knownFrom: from - LOOKBACK_MS, liveEdge: null });
      const want = adherenceTruth(mine, segments, from, to, now, from, TRUTH);
      expect([a.adherentSeconds, a.unknownSeconds]).toEqual([want.adherentMs / 1000, want.unknownMs / 1000]);
    }
  });

  it("now: a late event (stamped a minute ago, released now) brings the agent into adherence from its own time, not its arrival", async () => {
    const { sim, sources } = await setup();
    const now = Date.now();
    const from = Math.floor((now - 2 * HOUR) / HOUR) * HOUR;
    const to = from + 4 * HOUR;
    const q = { from, to, teams: [], agents: [] };
    const { agents } = reportAgents(sources, q, EVERYONE);
    const agent = agents.find((a) => a.activity === "ready" || a.activity === "busy" || a.activity === "acw")!;
    // Scheduled for a break right now, and working: out of adherence.
    const rows = [{ agentId: agent.agentId, start: from, end: to, activity: "break" as const }];
    await sources.schedules.replace(rows, spansOf(rows));
    const lateAt = Math.floor((now - MIN) / 1000) * 1000;
    sim.floor.inject({ agentId: agent.agentId, time: lateAt, activity: "notready", reasonCode: "1", releaseAt: Date.now() });
    await sources.poller.pollOnce();
    const t = Date.now();
    const report = await adherenceReport(sources, VOCAB, RULES, q, [agent], new Set(), { now: t, deadline: t + 60_000 });
    const a = report.agents[0]!;
    expect(a.current).toMatchObject({ scheduled: "break", actual: "notready", reasonCode: "1" });
    // In adherence since the late event's own time (or since a later change by the floor itself).
    expect(Date.parse(a.current!.since)).toBeGreaterThanOrEqual(lateAt);
    const segments = truthSegments(sim.floor.query(from - LOOKBACK_MS, to, t).filter((e) => e.agentId === agent.agentId), { from, to, knownFrom: from - LOOKBACK_MS, liveEdge: null });
    const want = adherenceTruth(rows, segments, from, to, Math.floor(t / 1000) * 1000, from, TRUTH);
    expect(a.adherentSeconds).toBe(want.adherentMs / 1000);
    expect(a.adherentSeconds).toBeGreaterThanOrEqual((Math.floor(t / 1000) * 1000 - lateAt) / 1000 - 1);
  });

  it("live, from memory alone: each scheduled agent's now the same as the day's report's, and a new upload seen at once", async () => {
    const { sources } = await setup();
    const now = Date.now();
    const from = now - 3 * HOUR;
    const to = now + 3 * HOUR;
    const { agents } = reportAgents(sources, { teams: [], agents: [] }, EVERYONE);
    // Half the floor on a shift with a break now-ish, the rest on a lunch that began before memory's start.
    const rows = agents.flatMap((a, i): ScheduleRow[] =>
      i % 2 === 0
        ? [{ agentId: a.agentId, start: Math.floor((now - 90 * MIN) / 1000) * 1000, end: Math.floor((now - 2 * MIN) / 1000) * 1000, activity: "work" as const }, { agentId: a.agentId, start: Math.floor((now - 2 * MIN) / 1000) * 1000, end: Math.floor((now + 13 * MIN) / 1000) * 1000, activity: "break" as const }]
        : [{ agentId: a.agentId, start: Math.floor((now - 3 * HOUR) / 1000) * 1000, end: Math.floor((now + HOUR) / 1000) * 1000, activity: "lunch" as const }],
    );
    const live = new LiveAdherence(sources.schedules, sources.poller, VOCAB, RULES);
    await live.refresh(true);
    expect(live.compute(now).size).toBe(0);
    await sources.schedules.replace(rows, spansOf(rows));
    await live.refresh(true);
    const t = Date.now();
    const got = live.compute(t);
    expect(got.size).toBe(agents.length);
    const report = await adherenceReport(sources, VOCAB, RULES, { from, to }, agents, new Set(), { now: t, deadline: t + 60_000 });
    for (const a of report.agents) {
      const l = got.get(a.agentId)!;
      // An agent with no change in memory's two hours is not known now, as on the grid (a running
      // Floorview loads each agent's state from before its window out of the store).
      if (sources.poller.events.stateOf(a.agentId) === null) {
        expect(l).toMatchObject({ scheduled: a.current!.scheduled, inAdherence: null });
        continue;
      }
      expect({ agent: a.agentId, scheduled: l.scheduled, inAdherence: l.inAdherence }).toEqual({ agent: a.agentId, scheduled: a.current!.scheduled, inAdherence: a.current!.inAdherence });
      // "Since" is as far back as memory knows (2 hours here); the report reads further.
      if (Date.parse(a.current!.since) >= sources.poller.retainedFrom) expect(l.since).toBe(a.current!.since);
      const open = a.exceptions.find((e) => e.end === null);
      expect(l.exception).toBe(open?.type ?? null);
    }
    expect([...got.values()].some((l) => l.inAdherence === false)).toBe(true);
    expect([...got.values()].filter((l) => l.inAdherence !== null).length).toBeGreaterThan(agents.length / 2);
    expect(got.get(agents[0]!.agentId)!.next).toEqual({ activity: null, at: new Date(rows[1]!.end).toISOString() });
  });
});
