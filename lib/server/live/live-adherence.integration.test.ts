import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_WORK_STATES } from "@/lib/activity/adherence";
import { spansOf, type ScheduleRow } from "@/lib/activity/schedule";
import type { KoreClient } from "@/lib/kore/client";
import { Vocabulary } from "@/lib/states/vocabulary";
import { openStore } from "@/lib/store/open";
import { ScheduleStore } from "@/lib/store/schedule-store";
import { adherenceRules } from "../reports/adherence";
import { LiveAdherence } from "./live-adherence";
import { Poller } from "../feed/poller";
import { RequestBudget } from "../feed/request-budget";

/** Live adherence's answers kept between polls: each must change exactly when time or the agent's events make it change. */

const MIN = 60_000;
const T = Math.floor(Date.now() / MIN) * MIN;
const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup(rows: ScheduleRow[], graceByActivity: Record<string, number> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "floorview-live-adherence-"));
  dirs.push(dir);
  const store = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "t", onForeignTenant: "reset" });
  closers.push(() => store.close());
  const schedules = new ScheduleStore(store.db);
  await schedules.replace(rows, spansOf(rows));
  const refuse = async () => {
    throw new Error("no Kore.ai here");
  };
  const client: KoreClient = { fetchActivity: refuse, fetchRosterPage: refuse };
  const poller = new Poller(client, new RequestBudget(60), { pollIntervalMs: 15_000, overlapMs: 90_000, backfillMs: 2 * 60 * MIN, chunkMs: 60 * MIN, rosterRefreshMs: 300_000, rosterPageSize: 50 });
  let clock = T;
  const live = new LiveAdherence(schedules, poller, new Vocabulary(), adherenceRules({ work: [...DEFAULT_WORK_STATES], graceMs: 3 * MIN }, graceByActivity), () => clock);
  await live.refresh(true);
  const poll = (at: number, events: { time: number; activity: string }[] = []) => {
    clock = at;
    poller.restore({ watermark: at, events: events.map((e) => ({ agentId: "a", reasonCode: null, ...e })), anchors: [], roster: [], rosterLoadedAt: null });
    return live.compute(at).get("a")!;
  };
  return { poll, live, schedules };
}

describe("live adherence between polls", () => {
  it("turns late when the shift starts and the agent is not on, an exception once the grace has run, and in adherence at the login", async () => {
    const { poll } = await setup([{ agentId: "a", start: T + 10 * MIN, end: T + 70 * MIN, activity: "work" }]);
    const before = poll(T, [{ time: T - 30 * MIN, activity: "offline" }]);
    expect(before).toMatchObject({ scheduled: null, inAdherence: true, exception: null, next: { activity: "work", at: new Date(T + 10 * MIN).toISOString() } });
    // No new event: time alone moves the answer on, at the row's start and when the grace runs out.
    expect(poll(T + 11 * MIN)).toMatchObject({ scheduled: "work", inAdherence: false, exception: null, since: new Date(T + 10 * MIN).toISOString() });
    expect(poll(T + 13 * MIN + 1000)).toMatchObject({ scheduled: "work", inAdherence: false, exception: "late" });
    // The login arrives: in adherence from its own time.
    expect(poll(T + 14 * MIN, [{ time: T + 13 * MIN + 30_000, activity: "ready" }])).toMatchObject({ inAdherence: true, exception: null, since: new Date(T + 13 * MIN + 30_000).toISOString() });
    // The schedule ends: nothing scheduled, on the floor.
    expect(poll(T + 71 * MIN)).toMatchObject({ scheduled: null, inAdherence: false, exception: null });
  });

  it("waits the grace of what is scheduled (the labels config's, 5 minutes for work) before the exception", async () => {
    const { poll } = await setup([{ agentId: "a", start: T + 10 * MIN, end: T + 70 * MIN, activity: "work" }], { work: 5 * MIN });
    poll(T, [{ time: T - 30 * MIN, activity: "offline" }]);
    expect(poll(T + 13 * MIN + 1000)).toMatchObject({ inAdherence: false, exception: null });
    expect(poll(T + 15 * MIN - 1000)).toMatchObject({ exception: null });
    expect(poll(T + 15 * MIN + 1000)).toMatchObject({ exception: "late" });
  });

  it("an adjustment made on any instance reaches the answer at the next read: excused is in adherence, and revoked it is the exception again", async () => {
    const { poll, live, schedules } = await setup([{ agentId: "a", start: T + 10 * MIN, end: T + 70 * MIN, activity: "work" }]);
    poll(T, [{ time: T - 30 * MIN, activity: "offline" }]);
    expect(poll(T + 20 * MIN)).toMatchObject({ inAdherence: false, exception: "late", adjustment: null });
    await schedules.adjustments.add({ id: "j", kind: "excused", scope: { agents: ["a"] }, start: T + 10 * MIN, end: T + 70 * MIN, category: null, note: "Doctor", createdAt: T, createdBy: "Ada", createdBySub: "ada", revokedAt: null, revokedBy: null });
    // Not read yet: the answer held is still the exception.
    expect(poll(T + 20 * MIN + 1000)).toMatchObject({ exception: "late" });
    // Another instance's change is seen by its version at the next check (at most every 5 seconds).
    await live.refresh();
    expect(poll(T + 20 * MIN + 2000)).toMatchObject({ inAdherence: true, exception: null, adjustment: { id: "j", kind: "excused" } });
    await schedules.adjustments.revoke("j", "Ada", T + 21 * MIN);
    await live.refresh(true);
    expect(poll(T + 21 * MIN)).toMatchObject({ inAdherence: false, exception: "late", adjustment: null });
  });
});
