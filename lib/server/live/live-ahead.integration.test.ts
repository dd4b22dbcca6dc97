import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_WORK_STATES } from "@/lib/activity/adherence";
import { spansOf } from "@/lib/activity/schedule";
import sample from "@/lib/simulator/sample-labels.json";
import type { RunningSimulator } from "@/lib/simulator/server";
import { parseLabels } from "@/lib/states/labels-file";
import { Vocabulary } from "@/lib/states/vocabulary";
import { openStore } from "@/lib/store/open";
import { ScheduleStore } from "@/lib/store/schedule-store";
import { resetClock, setClock } from "@/test/clock";
import { simulatorWithClient } from "@/test/simulator";
import { adherenceRules } from "../reports/adherence";
import { LiveAdherence } from "./live-adherence";
import { LiveBreaks } from "./live-breaks";
import { LiveFlags } from "./live-flags";
import { Poller } from "../feed/poller";
import { RequestBudget } from "../feed/request-budget";

/**
 * An event stamped a moment ahead of Floorview's clock (a read's end rounds up to the second;
 * Kore.ai's clock may run a little ahead) is held before its time. The live answers judged
 * before it (behaviour flags, adherence now, break budgets now) must take it when its time comes,
 * though no other event arrives then: they answered with what came before it until the next
 * change of the agent, however long that was.
 */

const S = 1000;
const MIN = 60 * S;
let sim: RunningSimulator | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await sim?.close();
  sim = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  resetClock();
});

describe("an event stamped ahead of the clock", () => {
  it("counts in the live flags, adherence and break budgets once its second comes, with no other event after it", async () => {
    // 400 ms into a second: the read's end (rounded up) takes in the next second's event.
    const t0 = Date.parse("2026-05-04T10:00:00Z");
    setClock(t0 + 400);
    const s = await simulatorWithClient({ agents: 0, historyHours: 4 });
    sim = s.sim;
    const labels = parseLabels(JSON.stringify({ ...sample, teams: { Desk: ["x-ana", "x-ben"] } }));
    const vocab = new Vocabulary(labels.labels);
    // Ana toggles: the sixth change between ready and not ready is stamped at t0 + 1 s.
    s.sim.floor.inject({ agentId: "x-ana", time: t0 - 3 * MIN, activity: "ready", releaseAt: t0 - 2 * MIN });
    for (let i = 0; i < 6; i++) s.sim.floor.inject({ agentId: "x-ana", time: t0 - 5 * S + (i + 1) * S, activity: i % 2 === 0 ? "notready" : "ready", reasonCode: i % 2 === 0 ? "1" : "", releaseAt: t0 });
    // Ben, scheduled to work, works, and goes on a break at t0 + 1 s (over his break budget of 30 min since a long one earlier).
    s.sim.floor.inject({ agentId: "x-ben", time: t0 - 2 * 3_600_000, activity: "ready", releaseAt: t0 - 2 * MIN });
    s.sim.floor.inject({ agentId: "x-ben", time: t0 - 90 * MIN, activity: "notready", reasonCode: "1", releaseAt: t0 - 2 * MIN });
    s.sim.floor.inject({ agentId: "x-ben", time: t0 - 45 * MIN, activity: "ready", releaseAt: t0 - 2 * MIN });
    s.sim.floor.inject({ agentId: "x-ben", time: t0 + S, activity: "notready", reasonCode: "1", releaseAt: t0 });
    const poller = new Poller(s.client, new RequestBudget(600), { pollIntervalMs: 60_000, overlapMs: 90_000, backfillMs: 3 * 3_600_000, chunkMs: 3_600_000, rosterRefreshMs: 3_600_000, rosterPageSize: 50 });
    while (!poller.health.backfilled) await poller.pollOnce();
    // Held already, a second before its time.
    expect(poller.events.stateOf("x-ben")).toMatchObject({ activity: "notready", since: t0 + S });

    const dir = mkdtempSync(join(tmpdir(), "floorview-ahead-"));
    dirs.push(dir);
    const store = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "t", onForeignTenant: "reset" });
    const schedules = new ScheduleStore(store.db);
    const rows = [{ agentId: "x-ben", start: t0 - 3 * 3_600_000, end: t0 + 3 * 3_600_000, activity: "work" as const }];
    await schedules.replace(rows, spansOf(rows));
    const adherence = new LiveAdherence(schedules, poller, vocab, adherenceRules({ work: [...DEFAULT_WORK_STATES], graceMs: 0 }));
    await adherence.refresh(true);
    const flags = new LiveFlags(poller, vocab, labels.flags, labels.teams, "UTC", adherence);
    const breaks = new LiveBreaks(poller, vocab, labels.labels, labels.teams, "UTC", adherence);

    // Judged at t0: before the second event's time, as it should be.
    const before = { flags: flags.compute(t0 + 400), adherence: adherence.compute(t0 + 400), breaks: breaks.compute(t0 + 400) };
    expect(before.flags.agents["x-ana"]?.some((f) => f.rule === "rapid_toggle") ?? false).toBe(false);
    expect(before.adherence.get("x-ben")).toMatchObject({ inAdherence: true });
    expect(before.breaks.agents["x-ben"]).toMatchObject({ running: null });

    // Its second comes; nothing else happens. Flags and breaks count an event from its second on.
    setClock(t0 + 1_200);
    let at = Date.now();
    expect(flags.compute(at).agents["x-ana"]?.find((f) => f.rule === "rapid_toggle")).toMatchObject({ raisedAt: new Date(t0 + S).toISOString(), active: true });
    expect(breaks.compute(at).agents["x-ben"]).toMatchObject({ running: "break", runningSince: new Date(t0 + S).toISOString(), used: { break: 45 * 60 } });
    // Adherence now is of the second before now: out of adherence once that second has passed.
    expect(adherence.compute(at).get("x-ben")).toMatchObject({ inAdherence: true });
    setClock(t0 + 2_200);
    at = Date.now();
    expect(adherence.compute(at).get("x-ben")).toMatchObject({ inAdherence: false, since: new Date(t0 + S).toISOString(), exception: "wrong_activity" });
    await store.close();
  });
});
