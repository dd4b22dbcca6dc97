import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_WORK_STATES } from "@/lib/activity/adherence";
import { spansOf, type ScheduleRow } from "@/lib/activity/schedule";
import type { BehaviourFlag } from "@/lib/api-types";
import { sampleLabelsFor } from "@/lib/simulator/labels";
import type { RunningSimulator } from "@/lib/simulator/server";
import { truthSegments } from "@/lib/simulator/truth";
import { parseLabels } from "@/lib/states/labels-file";
import { Vocabulary } from "@/lib/states/vocabulary";
import { openStore } from "@/lib/store/open";
import { ScheduleStore } from "@/lib/store/schedule-store";
import { resetClock, setClock } from "@/test/clock";
import { simulatorWithClient } from "@/test/simulator";
import { zoneMidnight } from "@/test/zone";
import { adherenceRules } from "./adherence";
import { flagsReport } from "./flags";
import { HistoryStore } from "../feed/history";
import { LiveAdherence } from "../live/live-adherence";
import { LiveFlags } from "../live/live-flags";
import { Poller } from "../feed/poller";
import { reportAgents } from "./reports";
import { RequestBudget } from "../feed/request-budget";

/**
 * Behaviour flags against the simulator: scripted agents that must raise each rule and agents
 * just under each rule that must not, on a scheduled shift; long after-call work on the
 * generated floor against a plain computation of each team's percentile from the simulator's own
 * segments; and the window's answer (`/api/flags`) equal to the live one.
 */

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const EVERYONE = { teams: null, agents: null, prefix: null, privacy: false };

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

/** The floor's zone: a team's after-call baseline is of its day there. */
const FLOOR_ZONE = "Europe/Berlin";

describe("behaviour flags on the simulated floor", () => {
  it.each([
    // Berlin's afternoon on the day its clocks go back: a day of plenty of after-call work.
    ["in the afternoon", "2026-10-25T14:00:00Z"],
    // Ten minutes into a new year in Berlin: a day too young for a baseline (fewer than 20 stretches).
    ["ten minutes after midnight", "2026-12-31T23:10:00Z"],
  ])("%s: raise each rule for the agent that breaks it, not for the one just under it; long after-call work equals the teams' percentiles; the window's answer equals the live one", async (when, instant) => {
    setClock(instant);
    const s = await simulatorWithClient({ agents: 40, historyHours: 30 });
    sim = s.sim;
    const now = Math.floor(Date.now() / 1000) * 1000;
    // Scripted agents on a shift that began 4 hours ago (a schedule: the shift does not depend on the hour the test runs).
    const shiftStart = now - 4 * HOUR;
    const script: Record<string, [minutesIn: number, activity: string, reason?: string][]> = {
      "x-toggler": [[0, "ready"], ...Array.from({ length: 7 }, (_, i): [number, string, string?] => (i % 2 === 0 ? [60 + i, "notready", "1"] : [60 + i, "ready"]))],
      "x-calm": [[0, "ready"], ...Array.from({ length: 5 }, (_, i): [number, string, string?] => (i % 2 === 0 ? [60 + i, "notready", "1"] : [60 + i, "ready"]))],
      "x-slow": [[0, "notready", "7"], [15, "ready"]],
      "x-quick": [[0, "notready", "7"], [9, "ready"]],
      "x-system": [[0, "ready"], ...[20, 50, 80, 110].flatMap((m): [number, string, string?][] => [[m, "notready", "6"], [m + 5, "ready"]])],
      "x-system3": [[0, "ready"], ...[20, 50, 80].flatMap((m): [number, string, string?][] => [[m, "notready", "6"], [m + 5, "ready"]])],
    };
    for (const [agentId, events] of Object.entries(script)) {
      for (const [m, activity, reasonCode] of events) s.sim.floor.inject({ agentId, time: shiftStart + m * MIN, activity, reasonCode: reasonCode ?? "", releaseAt: now - HOUR });
    }
    const parsed = parseLabels(sampleLabelsFor(s.sim.floor.agents.filter((a) => !a.agentId.startsWith("x-"))));
    const vocab = new Vocabulary(parsed.labels);
    const budget = new RequestBudget(600);
    const poller = new Poller(s.client, budget, { pollIntervalMs: 60_000, overlapMs: 90_000, backfillMs: 28 * HOUR, chunkMs: 2 * HOUR, rosterRefreshMs: 60_000, rosterPageSize: 50 });
    while (!poller.health.backfilled) await poller.pollOnce();
    await poller.refreshRoster();
    const dir = mkdtempSync(join(tmpdir(), "floorview-flags-"));
    dirs.push(dir);
    const store = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "t", onForeignTenant: "reset" });
    closers.push(() => store.close());
    const schedules = new ScheduleStore(store.db);
    const rows: ScheduleRow[] = Object.keys(script).map((agentId) => ({ agentId, start: shiftStart, end: shiftStart + 8 * HOUR, activity: "work" }));
    await schedules.replace(rows, spansOf(rows));
    const adherence = new LiveAdherence(schedules, poller, vocab, adherenceRules({ work: [...DEFAULT_WORK_STATES], graceMs: 180_000 }), () => now);
    await adherence.refresh(true);
    const live = new LiveFlags(poller, vocab, parsed.flags, parsed.teams, FLOOR_ZONE, adherence).compute(now);

    // The scripted agents: one flag each for the four that break a rule, none for the four just under.
    const iso = (ms: number) => new Date(ms).toISOString();
    const of = (id: string) => (live.agents[id] ?? []).map((f) => ({ rule: f.rule, raisedAt: f.raisedAt, start: f.start, active: f.active }));
    expect(of("x-toggler")).toEqual([{ rule: "rapid_toggle", raisedAt: iso(shiftStart + 65 * MIN), start: iso(shiftStart + 60 * MIN), active: false }]);
    expect(of("x-slow")).toEqual([{ rule: "slow_start", raisedAt: iso(shiftStart + 10 * MIN), start: iso(shiftStart), active: false }]);
    // Still flagged: the shift has not ended.
    expect(of("x-system")).toEqual([{ rule: "reason_overuse", raisedAt: iso(shiftStart + 110 * MIN), start: iso(shiftStart + 20 * MIN), active: true }]);
    expect(live.agents["x-system"]![0]!.why).toBe("System issue begun 4 times this shift (flagged over 3).");
    for (const id of ["x-calm", "x-quick", "x-system3"]) expect(of(id), id).toEqual([]);

    // Long after-call work on the generated floor: each team's 90th percentile (nearest rank) of the
    // after-call stretches that began today and ended before, once there are 20, from the truth.
    const dayStart = zoneMidnight(now, FLOOR_ZONE);
    const byTeam = new Map<string, { agentId: string; start: number; end: number | null }[]>();
    for (const agent of s.sim.floor.agents.filter((a) => !a.agentId.startsWith("x-"))) {
      const events = s.sim.floor.query(dayStart - 24 * HOUR, now, now).filter((e) => e.agentId === agent.agentId);
      const segments = truthSegments(events, { from: dayStart - HOUR, to: now, knownFrom: dayStart - 24 * HOUR, liveEdge: now });
      const team = parsed.teams.get(agent.agentId)!;
      const list = byTeam.get(team) ?? [];
      for (let i = 0; i < segments.length; i++) {
        const seg = segments[i]!;
        if (seg.activity !== "acw" || seg.start < dayStart) continue;
        list.push({ agentId: agent.agentId, start: seg.start, end: seg.end });
      }
      byTeam.set(team, list);
    }
    const expected: string[] = [];
    for (const list of byTeam.values()) {
      for (const acw of list) {
        const before = list.filter((x) => x.end !== null && x.end <= acw.start).map((x) => x.end! - x.start).sort((a, b) => a - b);
        if (before.length < 20) continue;
        const p = before[Math.ceil(0.9 * before.length) - 1]!;
        if ((acw.end ?? now) - acw.start > p) expected.push(`${acw.agentId} ${iso(acw.start)} ${iso(acw.start + p)}`);
      }
    }
    const got = Object.entries(live.agents).flatMap(([id, flags]) => flags.filter((f) => f.rule === "long_acw").map((f) => `${id} ${f.start} ${f.raisedAt}`));
    if (when === "in the afternoon") expect(expected.length).toBeGreaterThan(10);
    else expect(expected).toEqual([]);
    expect(got.sort()).toEqual(expected.sort());

    // The window's answer: the same flags for today, read the way the drill-down reads.
    const history = new HistoryStore(s.client, budget, { chunkMs: 6 * HOUR, maxEvents: 2_000_000, reserve: 5, retryAfterMs: 30_000 });
    const sources = { poller, history, staleAfterMs: 45_000, teams: parsed.teams, schedules };
    const { agents } = reportAgents(sources, { teams: [], agents: [] }, EVERYONE);
    const from = Math.min(dayStart, shiftStart);
    const report = await flagsReport(sources, vocab, parsed.flags, FLOOR_ZONE, { from, to: now + S }, agents, new Set(), { now, deadline: now + 60_000 });
    expect(report.complete).toBe(true);
    // What the live answer holds: the flags whose stretch began in the agent's shift (the scripted
    // ones' scheduled, the others' the zone's day); a window over midnight also holds the day before's.
    const shiftOf = (id: string) => (id.startsWith("x-") ? shiftStart : dayStart);
    const flat = (m: Record<string, BehaviourFlag[]>) => Object.entries(m).flatMap(([id, flags]) => flags.filter((f) => Date.parse(f.start) >= shiftOf(id)).map((f) => ({ id, ...f }))).sort((a, b) => a.id.localeCompare(b.id) || a.raisedAt.localeCompare(b.raisedAt));
    expect(flat(Object.fromEntries(report.agents.map((a) => [a.agentId, a.flags])))).toEqual(flat(live.agents));
    // One agent asked for: the same flags, its team read for the baseline.
    const one = got[0]?.split(" ")[0] ?? "x-system";
    const single = await flagsReport(sources, vocab, parsed.flags, FLOOR_ZONE, { from, to: now + S }, agents.filter((a) => a.agentId === one), new Set([one]), { now, deadline: now + 60_000 });
    expect(single.agents.map((a) => a.flags.filter((f) => Date.parse(f.start) >= shiftOf(one)))).toEqual([live.agents[one]!.filter((f) => Date.parse(f.start) >= shiftOf(one))]);
  });
});
