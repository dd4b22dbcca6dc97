import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityEvent } from "@/lib/activity/types";
import { sharedPostgres } from "@/test/shared-postgres";
import type { EventStore } from "./event-store";
import { openStore, StoreError, type StoreTarget } from "./open";

/** The same tests against both engines: the embedded SQLite and a real Postgres. */

const T0 = Date.parse("2026-11-27T08:00:00Z");
const MIN = 60_000;
const ev = (agentId: string, min: number, activity: string, reasonCode: string | null = null): ActivityEvent => ({ agentId, time: T0 + min * MIN, activity, reasonCode });

/** The run's one Postgres (test/global-setup.ts): a database of its own for each store here. */
const pg = sharedPostgres();
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const engines: [string, () => StoreTarget][] = [
  ["embedded SQLite", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "floorview-store-"));
    dirs.push(dataDir);
    return { engine: "sqlite", dataDir };
  }],
  ["Postgres", () => ({ engine: "postgres", url: pg.newDatabase() })],
];

describe.each(engines)("the event store on %s", (_name, target) => {
  let store: EventStore;
  let tenant = 0;
  beforeAll(async () => {
    store = await openStore(target(), { tenant: `test-${Date.now()}-${tenant++}`, onForeignTenant: "reset" });
  });
  afterAll(async () => {
    await store?.close();
  });

  it("keeps every event once, however often it is written, and counts them", async () => {
    const before = (await store.info()).events;
    const batch = [ev("a-1", 0, "ready"), ev("a-1", 5, "notready", "2"), ev("b-2", 1, "busy"), ev("b-2", 1, "acw")];
    expect(await store.record({ events: batch, coveredFrom: T0, coveredUntil: T0 + 10 * MIN, watermark: T0 + 10 * MIN })).toBe(4);
    expect(await store.record({ events: [...batch, ev("a-1", 7, "ready")], coveredFrom: T0 + 5 * MIN, coveredUntil: T0 + 12 * MIN, watermark: T0 + 12 * MIN })).toBe(1);
    expect((await store.info()).events - before).toBe(5);
    expect(await store.eventsOf("a-1", T0, T0 + 60 * MIN)).toEqual([ev("a-1", 0, "ready"), ev("a-1", 5, "notready", "2"), ev("a-1", 7, "ready")]);
    expect((await store.eventsBetween(T0, T0 + 2 * MIN)).map((e) => e.activity).sort()).toEqual(["acw", "busy", "ready"]);
  });

  it("keeps two changes in one second in the feed's order, whichever order their states were first seen in", async () => {
    const store = await openStore(target(), { tenant: `order-${Date.now()}`, onForeignTenant: "reset" });
    // "offline" known to the store before "ready" (a smaller state id), then a shift that ends
    // "ready" and "offline" in the same second: the agent is offline, as the feed said last.
    await store.record({ events: [ev("c-3", 0, "offline"), ev("c-3", 1, "ready")], coveredFrom: 0, coveredUntil: 0, watermark: null });
    await store.record({ events: [ev("c-3", 20, "busy"), ev("c-3", 30, "ready"), ev("c-3", 30, "offline")], coveredFrom: 0, coveredUntil: 0, watermark: null });
    expect((await store.eventsOf("c-3", T0 + 30 * MIN, T0 + 31 * MIN)).map((e) => e.activity)).toEqual(["ready", "offline"]);
    expect((await store.eventsBetween(T0 + 30 * MIN, T0 + 31 * MIN)).filter((e) => e.agentId === "c-3").map((e) => e.activity)).toEqual(["ready", "offline"]);
    const anchors = (await store.anchorsBefore(T0 + 40 * MIN)).filter((e) => e.agentId === "c-3");
    expect(anchors).toEqual([ev("c-3", 30, "offline")]);
    expect((await store.anchorsBefore(T0 + 40 * MIN, { unambiguous: true })).filter((e) => e.agentId === "c-3")).toEqual([ev("c-3", 30, "offline")]);
    expect((await store.eventsOfAgents(["c-3"], T0 + 35 * MIN, T0 + 40 * MIN, T0 + 35 * MIN)).get("c-3")!.last).toEqual(ev("c-3", 30, "offline"));
    expect((await store.loadLive(T0 + 40 * MIN)).anchors.filter((e) => e.agentId === "c-3")).toEqual([ev("c-3", 30, "offline")]);
    await store.close();
  });

  it("a window read again comes from what it kept, and never stale: a late event written into it, or before it, is read; one after it leaves it be; pruning forgets all", async () => {
    // A store of its own: this one prunes.
    const store = await openStore(target(), { tenant: "read-cache", onForeignTenant: "reset" });
    await store.record({ events: [ev("k-1", 0, "ready"), ev("k-1", 10, "notready", "1"), ev("k-2", 5, "busy")], coveredFrom: T0 - 60 * MIN, coveredUntil: T0 + 60 * MIN, watermark: null });
    const read = async () => [...(await store.eventsOfAgents(["k-1", "k-2"], T0 + 2 * MIN, T0 + 30 * MIN, T0 + 2 * MIN))].map(([id, v]) => [id, v.events.map((e) => e.time - T0), v.last && v.last.time - T0]);
    const first = await read();
    expect(first).toEqual([["k-1", [10 * MIN], 0], ["k-2", [5 * MIN], null]]);
    expect(await read()).toEqual(first);
    // Late: inside k-1's window, and before k-2's (its state at the window's start changes).
    await store.record({ events: [ev("k-1", 20, "ready"), ev("k-2", 1, "ready")], coveredFrom: T0, coveredUntil: T0 + 60 * MIN, watermark: null });
    expect(await read()).toEqual([["k-1", [10 * MIN, 20 * MIN], 0], ["k-2", [5 * MIN], MIN]]);
    // After the window: the same answer.
    await store.record({ events: [ev("k-1", 45, "busy")], coveredFrom: T0, coveredUntil: T0 + 60 * MIN, watermark: null });
    expect(await read()).toEqual([["k-1", [10 * MIN, 20 * MIN], 0], ["k-2", [5 * MIN], MIN]]);
    // A wider window sees it.
    expect((await store.eventsOfAgents(["k-1"], T0 + 2 * MIN, T0 + 50 * MIN, T0 + 2 * MIN)).get("k-1")!.events.map((e) => e.time - T0)).toEqual([10 * MIN, 20 * MIN, 45 * MIN]);
    await store.prune(T0 + 25 * MIN);
    expect((await store.eventsOfAgents(["k-1"], T0 + 2 * MIN, T0 + 30 * MIN, T0 + 2 * MIN)).get("k-1")!.events.map((e) => e.time - T0)).toEqual([20 * MIN]);
    await store.close();
  });

  it("reads several agents at once: each one's events in a window and its state just before, the same as one at a time", async () => {
    const many = await store.eventsOfAgents(["a-1", "b-2", "nobody"], T0 + 3 * MIN, T0 + 60 * MIN, T0 + 3 * MIN);
    expect(many.get("a-1")!.events).toEqual(await store.eventsOf("a-1", T0 + 3 * MIN, T0 + 60 * MIN));
    expect(many.get("a-1")!.events.map((e) => e.time)).toEqual([T0 + 5 * MIN, T0 + 7 * MIN]);
    expect(many.get("a-1")!.last).toEqual(ev("a-1", 0, "ready"));
    expect(many.get("b-2")!.events).toEqual([]);
    // Two states at the same instant: the one read last when the events come in order (the state after that instant).
    expect(many.get("b-2")!.last).toEqual((await store.eventsOf("b-2", T0, T0 + 3 * MIN)).at(-1));
    expect(many.get("nobody")).toEqual({ events: [], last: null });
  });

  it.each([
    ["", 100],
    [", read on the store's read thread (SQLite)", 1],
  ])("several agents at once keep the order events were written in when two fall on the same instant%s", async (_what, readThreadFrom) => {
    const store = await openStore(target(), { tenant: `tie-${Date.now()}`, onForeignTenant: "reset" });
    store.readThreadFrom = readThreadFrom;
    // The states first seen in the other order (their ids the other way round: the key's order is not the written one).
    await store.record({ events: [ev("tie-0", 10, "busy"), ev("tie-0", 11, "acw"), ev("tie-0", 12, "notready", "6")], coveredFrom: T0, coveredUntil: T0 + 13 * MIN, watermark: null });
    // Written in this order at one instant: the state after it is the last written, whatever the states' ids.
    for (const [activity, reason] of [["notready", "6"], ["acw", null], ["busy", null]] as const) await store.record({ events: [ev("tie-1", 90, activity, reason)], coveredFrom: T0 + 89 * MIN, coveredUntil: T0 + 91 * MIN, watermark: null });
    await store.record({ events: [ev("tie-1", 95, "ready")], coveredFrom: T0 + 91 * MIN, coveredUntil: T0 + 96 * MIN, watermark: null });
    const one = await store.eventsOf("tie-1", T0 + 85 * MIN, T0 + 100 * MIN);
    expect(one.map((e) => e.activity)).toEqual(["notready", "acw", "busy", "ready"]);
    // Another agent with two at one instant, asked for after it though its id is the lower.
    for (const [activity, reason] of [["acw", null], ["busy", null]] as const) await store.record({ events: [ev("tie-0", 92, activity, reason)], coveredFrom: T0 + 91 * MIN, coveredUntil: T0 + 93 * MIN, watermark: null });
    const other = await store.eventsOf("tie-0", T0 + 85 * MIN, T0 + 100 * MIN);
    expect(other.map((e) => e.activity)).toEqual(["acw", "busy"]);
    const many = await store.eventsOfAgents(["tie-1", "a-1", "tie-0"], T0 + 85 * MIN, T0 + 100 * MIN, T0 + 85 * MIN);
    expect(many.get("tie-1")!.events).toEqual(one);
    expect(many.get("tie-0")!.events).toEqual(other);
    // The last before an instant just after both ties: at that instant, the one written last.
    const after = await store.eventsOfAgents(["tie-1", "tie-0", "nobody"], T0 + 93 * MIN, T0 + 100 * MIN, T0 + 93 * MIN);
    expect(after.get("tie-1")!.last).toEqual(one[2]);
    expect(after.get("tie-1")!.events).toEqual(one.slice(3));
    expect(after.get("tie-0")!.last).toEqual(other[1]);
    expect(after.get("nobody")).toEqual({ events: [], last: null });
    await store.close();
  });

  it("merges what it knows into ranges, and says what it does not", async () => {
    await store.record({ events: [], coveredFrom: T0 + 30 * MIN, coveredUntil: T0 + 40 * MIN, watermark: null });
    expect(await store.coverage(T0 - MIN, T0 + 60 * MIN)).toEqual([
      { start: T0, end: T0 + 12 * MIN },
      { start: T0 + 30 * MIN, end: T0 + 40 * MIN },
    ]);
    await store.record({ events: [], coveredFrom: T0 + 12 * MIN, coveredUntil: T0 + 30 * MIN, watermark: null });
    expect(await store.coverage(T0 + MIN, T0 + 35 * MIN)).toEqual([{ start: T0 + MIN, end: T0 + 35 * MIN }]);
  });

  it("loads the live window, the roster, the watermark, and each agent's state from before the window", async () => {
    await store.record({
      events: [ev("c-3", -600, "offline"), ev("c-3", -300, "ready"), ev("c-3", -290, "offline"), ev("c-3", -200, "offline"), ev("d-4", -100, "notready", "1"), ev("d-4", 20, "ready")],
      coveredFrom: T0 - 600 * MIN,
      coveredUntil: T0,
      watermark: null,
    });
    await store.putRoster([{ agentId: "c-3", firstName: "Cleo", lastName: "Chan", email: "cleo@example.com" }, { agentId: "e-5", firstName: "Eve", lastName: "Eng" }], T0 + 30 * MIN);
    const live = await store.loadLive(T0);
    expect(live.watermark).toBe(T0 + 12 * MIN);
    expect(live.events.map((e) => [e.agentId, e.time - T0])).toEqual([
      ["a-1", 0],
      ["b-2", MIN],
      ["b-2", MIN],
      ["a-1", 5 * MIN],
      ["a-1", 7 * MIN],
      ["d-4", 20 * MIN],
    ]);
    // c-3 logged out since 290 min before the window (a repeated offline does not reset it); d-4 not ready since 100 min.
    const byAgentThenTime = (x: ActivityEvent, y: ActivityEvent) => x.agentId.localeCompare(y.agentId) || x.time - y.time;
    expect([...live.anchors].sort(byAgentThenTime)).toEqual([ev("c-3", -290, "offline"), ev("c-3", -200, "offline"), ev("d-4", -100, "notready", "1")]);
    // The e-mail kept for the schedule imports that name agents by it.
    expect(live.roster).toEqual([{ agentId: "c-3", firstName: "Cleo", lastName: "Chan", email: "cleo@example.com" }, { agentId: "e-5", firstName: "Eve", lastName: "Eng" }]);
    expect(live.rosterLoadedAt).toBe(T0 + 30 * MIN);
  });

  it("prunes what is older than the retention, events and coverage alike, keeping each agent's state at the cutoff", async () => {
    const before = (await store.info()).events;
    const dropped = await store.prune(T0 - 250 * MIN);
    // c-3's events at -600 and -300 go; its last one before the cutoff (-290, offline) stays.
    expect(dropped).toBe(2);
    expect((await store.info()).events).toBe(before - 2);
    expect((await store.coverage(T0 - 700 * MIN, T0)).at(0)?.start).toBe(T0 - 250 * MIN);
    expect((await store.info()).oldestEvent).toBe(T0 - 290 * MIN);
    const live = await store.loadLive(T0);
    expect(live.anchors.filter((e) => e.agentId === "c-3").map((e) => [e.activity, e.time - T0])).toEqual([["offline", -290 * MIN], ["offline", -200 * MIN]]);
    expect(await store.prune(T0 - 250 * MIN)).toBe(0);
  });

  it("refuses another tenant's store unless told to start it afresh", async () => {
    const t = target();
    const first = await openStore(t, { tenant: "kore:https://one.example/acc", onForeignTenant: "refuse" });
    await first.record({ events: [ev("z-9", 0, "ready")], coveredFrom: T0, coveredUntil: T0 + MIN, watermark: T0 + MIN });
    await first.close();
    await expect(openStore(t, { tenant: "kore:https://two.example/acc", onForeignTenant: "refuse" })).rejects.toThrow(/holds the history of another tenant/);
    const fresh = await openStore(t, { tenant: "simulator:new", onForeignTenant: "reset" });
    expect((await fresh.loadLive(0)).events).toEqual([]);
    await fresh.close();
  });
});

describe("instances started together on one new Postgres", () => {
  it("agree on how EventTime is read: what one writes is never stale to another (nor read again from Kore.ai)", async () => {
    for (let round = 0; round < 3; round++) {
      const url = pg.newDatabase();
      const first = await openStore({ engine: "postgres", url }, { tenant: "kore:acc-together", onForeignTenant: "refuse" });
      const others = await Promise.all(Array.from({ length: 5 }, () => openStore({ engine: "postgres", url }, { tenant: "kore:acc-together", onForeignTenant: "refuse" })));
      const all = [first, ...others];
      try {
        const numbers = await Promise.all(all.map((s) => s.useReading("UTC|24h|mdy|v3", true)));
        expect(new Set(numbers).size).toBe(1);
        await first.record({ events: [ev("a-1", 0, "ready")], coveredFrom: T0, coveredUntil: T0 + MIN, watermark: T0 + MIN });
        // A new instance on the same database, as after a restart: the past is its own.
        const late = await openStore({ engine: "postgres", url }, { tenant: "kore:acc-together", onForeignTenant: "refuse" });
        all.push(late);
        await late.useReading("UTC|24h|mdy|v3", true);
        expect(await late.staleCoverage()).toEqual([]);
        for (const s of others) expect(await s.staleCoverage()).toEqual([]);
        // Another reading (a setting changed) gets a number of its own: the first one's past is stale to it.
        const changed = await openStore({ engine: "postgres", url }, { tenant: "kore:acc-together", onForeignTenant: "refuse" });
        all.push(changed);
        expect(await changed.useReading("America/New_York|24h|mdy|v3", false)).not.toBe(numbers[0]);
        expect(await changed.staleCoverage()).toEqual([{ start: T0, end: T0 + MIN }]);
        // Two new readings taken at once: one number each, never one for both.
        const pair = await Promise.all(others.map((s, i) => s.useReading(i % 2 ? "Europe/Paris|24h|dmy|v3" : "Asia/Tokyo|24h|ymd|v3", false)));
        expect(new Set(pair.filter((_, i) => i % 2)).size).toBe(1);
        expect(new Set(pair.filter((_, i) => !(i % 2))).size).toBe(1);
        expect(new Set([numbers[0], pair[0], pair[1], await changed.useReading("America/New_York|24h|mdy|v3", false)]).size).toBe(4);
      } finally {
        for (const s of all) await s.close();
      }
    }
  });
});

describe("opening the store", () => {
  it("refuses a data directory another Floorview holds, naming it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "floorview-store-"));
    dirs.push(dataDir);
    const a = await openStore({ engine: "sqlite", dataDir }, { tenant: "t", onForeignTenant: "refuse" });
    // A second process would be refused the same way; here, the lock names this very process as
    // another one only when the pid differs: write a lock for a live process that is not us.
    await a.close();
    const { writeFileSync } = await import("node:fs");
    const { hostname } = await import("node:os");
    writeFileSync(join(dataDir, "floorview.lock"), JSON.stringify({ pid: process.ppid, host: hostname(), heartbeat: Date.now() }));
    const err = await openStore({ engine: "sqlite", dataDir }, { tenant: "t", onForeignTenant: "refuse" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(/^FLOORVIEW_DATA_DIR: .* is in use by another Floorview \(process \d+/);
  });

  it("names DATABASE_URL without its password when Postgres cannot be reached", async () => {
    const err = await openStore({ engine: "postgres", url: "postgres://floorview:s3cret-pass@127.0.0.1:1/floorview" }, { tenant: "t", onForeignTenant: "refuse" }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^DATABASE_URL: cannot connect to postgres:\/\/floorview:\*\*\*@127\.0\.0\.1:1\/floorview/);
    expect((err as Error).message).not.toContain("s3cret");
    // In the query too, as libpq and pg take it.
    for (const url of ["postgres://floorview@127.0.0.1:1/floorview?password=s3cret-pass", "postgres://floorview@127.0.0.1:1/floorview?sslmode=require&sslpassword=s3cret-pass&PASSWORD=s3cret-pass"]) {
      const e = await openStore({ engine: "postgres", url }, { tenant: "t", onForeignTenant: "refuse" }).catch((x: unknown) => x);
      expect((e as Error).message, url).toMatch(/^DATABASE_URL: cannot connect to postgres:\/\/floorview@127\.0\.0\.1:1\/floorview\?/);
      expect((e as Error).message, url).not.toContain("s3cret");
    }
  });
});
