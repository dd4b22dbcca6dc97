import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_WORK_STATES } from "@/lib/activity/adherence";
import { spansOf } from "@/lib/activity/schedule";
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
import { adherenceRules } from "../reports/adherence";
import { LiveAdherence } from "./live-adherence";
import { LiveBreaks } from "./live-breaks";
import { Poller } from "../feed/poller";
import { RequestBudget } from "../feed/request-budget";

/**
 * Break budgets and caps now against the simulator's truth: each agent's time per category since
 * its shift began (the day's start in the floor's zone, or a scheduled shift), and each team's
 * count in a capped category, as the simulator's own segments and states say.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
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

/** The floor's zone, where its day begins: not UTC, so a day taken from the wrong zone is hours off. */
const FLOOR_ZONE = "America/New_York";

describe("break budgets and team caps now", () => {
  it.each([
    // Mid-afternoon in New York: most of a day's breaks behind the floor.
    ["in the afternoon", "2026-07-15T18:40:00Z"],
    // Five minutes into New York's day: yesterday's breaks no longer count, the ones going on since midnight do.
    ["five minutes after midnight", "2026-07-16T04:05:00Z"],
  ])("equal the truth %s: time per category since the day began (or the scheduled shift), and who is on break per team", async (when, instant) => {
    setClock(instant);
    const s = await simulatorWithClient({ agents: 40, historyHours: 48 });
    sim = s.sim;
    const parsed = parseLabels(sampleLabelsFor(s.sim.floor.agents));
    const vocab = new Vocabulary(parsed.labels);
    const budget = new RequestBudget(600);
    // Memory holds the whole day whatever the hour the test runs at.
    const poller = new Poller(s.client, budget, { pollIntervalMs: 60_000, overlapMs: 90_000, backfillMs: 26 * HOUR, chunkMs: 2 * HOUR, rosterRefreshMs: 60_000, rosterPageSize: 50 });
    while (!poller.health.backfilled) await poller.pollOnce();
    const dir = mkdtempSync(join(tmpdir(), "floorview-breaks-"));
    dirs.push(dir);
    const store = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "t", onForeignTenant: "reset" });
    closers.push(() => store.close());
    const schedules = new ScheduleStore(store.db);
    const now = Math.floor(Date.now() / 1000) * 1000;
    // One agent on a scheduled shift that began 3 hours ago: its budget counts from there.
    const scheduledAgent = s.sim.floor.agents[0]!.agentId;
    const shift = [{ agentId: scheduledAgent, start: now - 3 * HOUR, end: now + 5 * HOUR, activity: "work" as const }];
    await schedules.replace(shift, spansOf(shift));
    const adherence = new LiveAdherence(schedules, poller, vocab, adherenceRules({ work: [...DEFAULT_WORK_STATES], graceMs: 180_000 }), () => now);
    await adherence.refresh(true);
    const breaks = new LiveBreaks(poller, vocab, parsed.labels, parsed.teams, FLOOR_ZONE, adherence);
    const answer = breaks.compute(now);

    const dayStart = zoneMidnight(now, FLOOR_ZONE);
    expect(answer.zone).toBe(FLOOR_ZONE);
    const category: Record<string, string> = { "1": "break", "2": "lunch", "3": "training", "4": "meeting", "5": "training", "6": "system", "7": "other" };
    let withBreaks = 0;
    for (const agent of s.sim.floor.agents) {
      const from = agent.agentId === scheduledAgent ? now - 3 * HOUR : dayStart;
      const events = s.sim.floor.query(from - DAY, now, now).filter((e) => e.agentId === agent.agentId);
      const segments = truthSegments(events, { from, to: now, knownFrom: from - DAY, liveEdge: null });
      const truth: Record<string, number> = {};
      for (const seg of segments) {
        if (seg.activity !== "notready" || !seg.reasonCode) continue;
        const c = category[seg.reasonCode]!;
        truth[c] = (truth[c] ?? 0) + ((seg.end ?? now) - seg.start) / 1000;
      }
      const got = answer.agents[agent.agentId];
      if (Object.keys(truth).length === 0) {
        expect(got?.used ?? {}, agent.agentId).toEqual({});
        continue;
      }
      withBreaks++;
      expect({ agent: agent.agentId, used: got!.used, from: got!.shiftFrom, partial: got!.partial }).toEqual({ agent: agent.agentId, used: truth, from: new Date(from).toISOString(), partial: false });
      expect(got!.allowed).toEqual({ break: 1800, lunch: 3600 });
    }
    if (when === "in the afternoon") expect(withBreaks).toBeGreaterThan(5);
    else {
      // The day is five minutes old: nobody's count holds more than the day has had, though the hour before midnight had breaks.
      for (const [id, x] of Object.entries(answer.agents)) {
        if (id === scheduledAgent) continue;
        for (const seconds of Object.values(x.used)) expect(seconds, id).toBeLessThanOrEqual((now - dayStart) / 1000);
      }
      const lateBreaks = s.sim.floor.query(dayStart - HOUR, dayStart, now).filter((e) => e.activity === "notready" && e.reasonCode === "1");
      expect(lateBreaks.length).toBeGreaterThan(0);
    }

    // Caps: break at most 3 a team; the count is who is on a break-category reason now.
    const states = s.sim.floor.truth(now);
    for (const c of answer.caps) {
      expect(c).toMatchObject({ category: "break", cap: 3 });
      const team = new Set(Object.entries(Object.fromEntries(parsed.teams)).flatMap(([id, t]) => (t === c.team ? [id] : [])));
      const onBreak = states.filter((x) => team.has(x.agentId) && x.activity === "notready" && category[x.reasonCode] === "break").map((x) => x.agentId).sort();
      expect([...c.agents].sort(), c.team).toEqual(onBreak);
      expect(c.count).toBe(onBreak.length);
    }
    expect(answer.caps.map((c) => c.team).sort()).toEqual(["Billing", "Retention", "Sales", "Tech support"]);
  });
});
