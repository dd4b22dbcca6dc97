import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Adjustment } from "@/lib/activity/adjustments";
import { spansOf, type ScheduledActivity, type ScheduleRow } from "@/lib/activity/schedule";
import { sharedPostgres } from "@/test/shared-postgres";
import type { EventStore } from "./event-store";
import { openStore, type StoreTarget } from "./open";
import { ScheduleStore } from "./schedule-store";

/** Schedules on both engines: the embedded SQLite and a real Postgres. */

const H = 3_600_000;
const T0 = Date.parse("2026-12-07T00:00:00Z");
const r = (agentId: string, fromH: number, toH: number, activity: ScheduledActivity): ScheduleRow => ({ agentId, start: T0 + fromH * H, end: T0 + toH * H, activity });

/** The run's one Postgres (test/global-setup.ts): a database of its own for each store here. */
const pg = sharedPostgres();
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const engines: [string, () => StoreTarget][] = [
  ["embedded SQLite", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "floorview-schedules-"));
    dirs.push(dataDir);
    return { engine: "sqlite", dataDir };
  }],
  ["Postgres", () => ({ engine: "postgres", url: pg.newDatabase() })],
];

describe.each(engines)("schedules on %s", (_name, target) => {
  let store: EventStore;
  let schedules: ScheduleStore;
  beforeAll(async () => {
    store = await openStore(target(), { tenant: "t", onForeignTenant: "refuse" });
    schedules = new ScheduleStore(store.db);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("replaces what was scheduled for the same agents over the time an upload covers, keeping the parts outside it and other agents", async () => {
    const week = [r("a", 9, 17, "work"), r("a", 33, 41, "work"), r("a", 57, 65, "work"), r("b", 9, 17, "work")];
    expect(await schedules.replace(week, spansOf(week))).toEqual({ added: 4, replaced: 0 });
    const v1 = await schedules.version();
    // Tuesday again for a, from 8 with a lunch; the old Tuesday row goes, Monday and Wednesday stay.
    const tuesday = [r("a", 32, 36, "work"), r("a", 36, 37, "lunch"), r("a", 37, 41, "work")];
    expect(await schedules.replace(tuesday, spansOf(tuesday))).toEqual({ added: 3, replaced: 1 });
    expect(await schedules.version()).not.toBe(v1);
    expect(await schedules.rows(T0, T0 + 7 * 24 * H)).toEqual([r("a", 9, 17, "work"), ...tuesday, r("a", 57, 65, "work"), r("b", 9, 17, "work")]);
    // An upload across the edge of an older row keeps that row's part outside the upload's span.
    const cut = [r("b", 12, 14, "training")];
    expect(await schedules.replace(cut, spansOf(cut))).toEqual({ added: 1, replaced: 1 });
    expect(await schedules.rows(T0, T0 + 24 * H, ["b"])).toEqual([r("b", 9, 12, "work"), r("b", 12, 14, "training"), r("b", 14, 17, "work")]);
  });

  it("reads the rows that overlap a window, of the agents asked for, including a row that began the day before", async () => {
    const night = [r("c", -4, 6, "work")];
    await schedules.replace(night, spansOf(night));
    expect(await schedules.rows(T0, T0 + H, ["c", "nobody"])).toEqual(night);
    expect(await schedules.rows(T0 + 6 * H, T0 + 7 * H, ["c"])).toEqual([]);
    expect(await schedules.rows(T0, T0 + H, [])).toEqual([]);
  });

  it("keeps nothing of an upload that fails half way", async () => {
    const before = await schedules.rows(T0 - 24 * H, T0 + 30 * 24 * H);
    // Two rows of one agent starting at the same instant break the key on the second insert.
    const bad = [r("d", 1, 2, "work"), r("a", 9, 10, "work"), r("a", 9, 11, "off")];
    await expect(schedules.replace(bad, spansOf(bad))).rejects.toThrow();
    expect(await schedules.rows(T0 - 24 * H, T0 + 30 * 24 * H)).toEqual(before);
  });

  it("keeps required staff per interval and team: a line again replaces it, the floor's apart from a team's", async () => {
    await schedules.staffing.put([{ start: T0, team: "Billing", required: 4 }, { start: T0, team: null, required: 10 }, { start: T0 + H, team: "Billing", required: 5 }]);
    await schedules.staffing.put([{ start: T0, team: "Billing", required: 4.5 }]);
    expect(await schedules.staffing.between(T0, T0 + H)).toEqual([
      { start: T0, team: null, required: 10 },
      { start: T0, team: "Billing", required: 4.5 },
    ]);
  });

  it("keeps import profiles by name: saved, replaced, listed by name, deleted once", async () => {
    expect(await schedules.profiles.put("IEX Chicago", { identity: "table", idTable: { E1: "a-1" } }, 5, "Ann")).toBe(false);
    expect(await schedules.profiles.put("Assembled", { identity: "email" }, 6, "Bo")).toBe(false);
    expect(await schedules.profiles.put("IEX Chicago", { identity: "table", idTable: { E1: "a-1", E2: "a-2" } }, 7, "Cy")).toBe(true);
    expect(await schedules.profiles.list()).toEqual([
      { name: "Assembled", body: { identity: "email" }, updatedAt: 6, updatedBy: "Bo" },
      { name: "IEX Chicago", body: { identity: "table", idTable: { E1: "a-1", E2: "a-2" } }, updatedAt: 7, updatedBy: "Cy" },
    ]);
    expect(await schedules.profiles.remove("Assembled")).toBe(true);
    expect(await schedules.profiles.remove("Assembled")).toBe(false);
    expect(await schedules.profiles.get("Assembled")).toBeNull();
  });

  it("keeps adjustments beside the schedules: each scope read back as made, listed by window, revoked once (kept, marked), each change a new version", async () => {
    const made = (id: string, kind: "excused" | "neutral", scope: Adjustment["scope"], fromH: number, toH: number): Adjustment => ({ id, kind, scope, start: T0 + fromH * H, end: T0 + toH * H, category: kind === "neutral" ? "system" : null, note: `note ${id}: "quoted", ünïcode`, createdAt: T0, createdBy: "Ada Admin", createdBySub: "admin", revokedAt: null, revokedBy: null });
    const { adjustments } = schedules;
    const v0 = await adjustments.version();
    const all = [made("j1", "excused", { agents: ["a", "b"] }, 9, 10), made("j2", "neutral", { teams: ["Billing"] }, 11, 12), made("j3", "neutral", { all: true }, 30, 31)];
    for (const a of all) await adjustments.add(a);
    const v1 = await adjustments.version();
    expect(v1).not.toBe(v0);
    expect(await adjustments.overlapping(T0, T0 + 24 * H)).toEqual(all.slice(0, 2));
    // Overlapping, not inside: a window from 09:30 to 11:30 holds both ends.
    expect((await adjustments.overlapping(T0 + 9.5 * H, T0 + 11.5 * H)).map((a) => a.id)).toEqual(["j1", "j2"]);
    expect((await adjustments.overlapping(T0 + 10 * H, T0 + 11 * H)).map((a) => a.id)).toEqual([]);
    expect(await adjustments.get("j3")).toEqual(all[2]);
    expect(await adjustments.revoke("j1", "Lee Lead", T0 + 13 * H)).toBe(true);
    expect(await adjustments.revoke("j1", "Someone else", T0 + 14 * H)).toBe(false);
    expect(await adjustments.revoke("nobody", "Lee Lead", T0)).toBe(false);
    expect(await adjustments.version()).not.toBe(v1);
    expect((await adjustments.overlapping(T0, T0 + 24 * H)).map((a) => a.id)).toEqual(["j2"]);
    expect((await adjustments.overlapping(T0, T0 + 24 * H, true))[0]).toEqual({ ...all[0], revokedAt: T0 + 13 * H, revokedBy: "Lee Lead" });
  });

  it("keeps exceptions confirmed as they stand: confirmed again keeps the later word, undone once, read by the start's window; the live views' version unmoved", async () => {
    const { adjustments } = schedules;
    const c = { agentId: "a", type: "late" as const, start: T0 + 9 * H, note: null, createdAt: T0 + 10 * H, createdBy: "Ada Admin", createdBySub: "admin" };
    const v0 = await adjustments.version();
    await adjustments.confirm(c);
    await adjustments.confirm({ ...c, note: "Seen: a real late start", createdAt: T0 + 11 * H, createdBy: "Lee Lead", createdBySub: "lead" });
    await adjustments.confirm({ ...c, type: "early_leave", start: T0 + 16 * H });
    expect(await adjustments.version()).toBe(v0);
    expect(await adjustments.confirmations(T0, T0 + 12 * H)).toEqual([{ ...c, note: "Seen: a real late start", createdAt: T0 + 11 * H, createdBy: "Lee Lead", createdBySub: "lead" }]);
    expect((await adjustments.confirmations(T0, T0 + 24 * H)).map((x) => x.type)).toEqual(["late", "early_leave"]);
    expect(await adjustments.unconfirm("a", "late", T0 + 9 * H)).toBe(true);
    expect(await adjustments.unconfirm("a", "late", T0 + 9 * H)).toBe(false);
    expect((await adjustments.confirmations(T0, T0 + 24 * H)).map((x) => x.type)).toEqual(["early_leave"]);
  });
});
