import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { RunningSimulator } from "@/lib/simulator/server";
import { eventTuple, eventTuples } from "@/lib/simulator/truth";
import type { EventStore } from "@/lib/store/event-store";
import { openStore, StoreError, type StoreTarget } from "@/lib/store/open";
import { resetClock, setClock } from "@/test/clock";
import { sharedPostgres } from "@/test/shared-postgres";
import { startTcpProxy, type TcpProxy } from "@/test/tcp-proxy";
import { expectPollerMatchesTruth, injected, simulatorWithClient, testPollerOptions, waitFor } from "@/test/simulator";
import { HistoryStore } from "./history";
import { Importer } from "./importer";
import { Poller } from "./poller";
import { RequestBudget } from "./request-budget";
import { upstreamSnapshot } from "./snapshot";
import { StoreWriter } from "./store-writer";

/**
 * The store under a running poller, judged by the simulator's truth: a restart resumes from the
 * store and reads only the gap; Postgres stopped and started, a full disk, a process killed in the
 * middle of a write: the live view goes on, and afterwards every stored event equals the truth.
 */

const OPTIONS = testPollerOptions();
const TENANT = "kore:acc-1";

let sim: RunningSimulator | null = null;
const pollers: Poller[] = [];
const writers: StoreWriter[] = [];
const dirs: string[] = [];
const mounts: string[] = [];
const proxies: TcpProxy[] = [];

afterEach(async () => {
  for (const p of pollers.splice(0)) await p.stop();
  for (const w of writers.splice(0)) await w.close().catch(() => undefined);
  for (const m of mounts.splice(0)) spawnSync("umount", ["-l", m]);
  for (const x of proxies.splice(0)) await x.close();
  await sim?.close();
  sim = null;
});
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "floorview-store-"));
  dirs.push(dir);
  return dir;
}

async function writerOn(target: StoreTarget, opts: ConstructorParameters<typeof StoreWriter>[1] = {}): Promise<StoreWriter> {
  const store = await openStore(target, { tenant: TENANT, onForeignTenant: "refuse" });
  const w = new StoreWriter(store, { timeoutMs: 2_000, retryMs: 100, maxRetryMs: 400, ...opts });
  writers.push(w);
  return w;
}

/** A poller as the runtime builds it: the store's live window first, then polling. */
async function pollerOn(writer: StoreWriter, client: Awaited<ReturnType<typeof simulatorWithClient>>["client"]): Promise<Poller> {
  const p = new Poller(client, new RequestBudget(60), OPTIONS);
  p.store = writer;
  writer.onChange(() => p.touch());
  p.restore(await writer.store.loadLive(Date.now() - OPTIONS.backfillMs));
  pollers.push(p);
  return p;
}

/** Every event the store holds from `from` on must be one the feed released: none lost, none extra. */
async function expectStoreMatchesTruth(store: EventStore, s: RunningSimulator, from: number, until: number): Promise<void> {
  const stored = (await store.eventsBetween(from, until)).map(eventTuple).sort();
  const truth = eventTuples(s.floor.query(from, until, Date.now())).filter((t) => Date.parse(t.split(" ")[1]!) < until).sort();
  expect(stored.length).toBeGreaterThan(0);
  expect(stored).toEqual(truth);
}

const activityCalls = (s: RunningSimulator) => s.requests.filter((r) => r.endpoint === "activity").length;
const agentCalls = (s: RunningSimulator) => s.requests.filter((r) => r.endpoint === "agents").length;

describe("a poller with a store, against the simulator over HTTP", () => {
  it("comes back after a stop with the same picture, reading only the gap from Kore.ai", async () => {
    const s = await simulatorWithClient();
    sim = s.sim;
    const dir = tempDir();
    const firstFrom = Date.now() - OPTIONS.backfillMs;
    const w1 = await writerOn({ engine: "sqlite", dataDir: dir });
    const p1 = await pollerOn(w1, s.client);
    p1.start();
    await waitFor(() => p1.health.status === "ok" && p1.rosterLoadedAt !== null, 10_000, "backfill");
    await expectPollerMatchesTruth(p1, s.sim, OPTIONS.backfillMs);
    // A stop as abrupt as a kill: what counted was in the store before it counted.
    await p1.stop();
    await w1.close();
    writers.splice(writers.indexOf(w1), 1);

    // While it is down, the floor goes on.
    const [a, b] = s.sim.floor.agents;
    s.sim.floor.inject(injected(a!.agentId, 4, "notready", "6"));
    s.sim.floor.inject(injected(b!.agentId, 2, "busy"));
    await new Promise((r) => setTimeout(r, 200));

    const calls = activityCalls(s.sim);
    const rosterCalls = agentCalls(s.sim);
    const w2 = await writerOn({ engine: "sqlite", dataDir: dir });
    const p2 = await pollerOn(w2, s.client);
    // Before any read: the store's picture, every agent and name already there.
    expect(p2.roster.size).toBe(30);
    expect([...p2.events.agentIds()].length).toBeGreaterThanOrEqual(25);
    p2.start();
    await waitFor(() => p2.health.status === "ok", 10_000, "restart");
    // One read for the gap (the stop was short), no backfill; the roster is not due yet.
    expect(activityCalls(s.sim) - calls).toBeLessThanOrEqual(2);
    expect(agentCalls(s.sim)).toBe(rosterCalls);
    await expectPollerMatchesTruth(p2, s.sim, OPTIONS.backfillMs, 3_000, firstFrom);
    expect(p2.events.stateOf(a!.agentId)).toMatchObject({ activity: "notready", reasonCode: "6" });
    await w2.flushed();
    await expectStoreMatchesTruth(w2.store, s.sim, firstFrom, p2.coveredUntil - OPTIONS.overlapMs);
    // Coverage: the whole window is known, up to the settled edge.
    const known = await w2.store.coverage(firstFrom + OPTIONS.overlapMs, p2.coveredUntil - OPTIONS.overlapMs);
    expect(known).toEqual([{ start: firstFrom + OPTIONS.overlapMs, end: p2.coveredUntil - OPTIONS.overlapMs }]);
  });

  it("keeps the live view going while Postgres is gone, holds the reads, and writes them all when it is back", async () => {
    // The run's Postgres, reached through a proxy this test cuts: to Floorview, a server gone away.
    const pg = sharedPostgres();
    const proxy = await startTcpProxy(pg.port);
    proxies.push(proxy);
    const s = await simulatorWithClient();
    sim = s.sim;
    const firstFrom = Date.now() - OPTIONS.backfillMs;
    const w = await writerOn({ engine: "postgres", url: pg.urlVia(pg.newDatabase(), proxy.port) });
    const p = await pollerOn(w, s.client);
    p.start();
    await waitFor(() => p.health.status === "ok", 10_000, "backfill");

    await proxy.cut();
    const [a, b] = s.sim.floor.agents;
    s.sim.floor.inject(injected(a!.agentId, 3, "notready", "4"));
    s.sim.floor.inject(injected(b!.agentId, 2, "busy"));
    // The grid keeps moving from memory; the store is reported unavailable.
    await waitFor(() => p.events.stateOf(a!.agentId)?.reasonCode === "4", 10_000, "live change while Postgres is down");
    await waitFor(() => w.status.status === "unavailable", 10_000, "store unavailable");
    expect(p.health.status).toBe("ok");
    expect(upstreamSnapshot(p, Date.now(), 60_000).store).toMatchObject({ status: "unavailable" });
    await waitFor(() => w.status.queuedReads > 0, 5_000, "reads held");

    await proxy.restore();
    await waitFor(() => w.available && w.status.queuedReads === 0, 20_000, "store back and caught up");
    expect(upstreamSnapshot(p, Date.now(), 60_000).store).toMatchObject({ status: "ok" });
    await expectStoreMatchesTruth(w.store, s.sim, firstFrom, p.coveredUntil - OPTIONS.overlapMs);
    expect(w.status.droppedReads).toBe(0);
  }, 60_000);

  it("survives a full disk: the live view goes on, and what was held is written once there is room", async () => {
    const dir = tempDir();
    // A 16 MB tmpfs filled to the last byte; where mounting is not allowed (an unprivileged
    // container), SQLite's own cap on the database's size gives the same error (SQLITE_FULL).
    // Once the filler goes, the held reads need room: the simulator's 24 hours came to more than
    // the 1 MB this disk once had about one run in ten, and the disk stayed full.
    const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", dir]).status === 0;
    if (mounted) mounts.push(dir);
    const s = await simulatorWithClient();
    sim = s.sim;
    const firstFrom = Date.now() - OPTIONS.backfillMs;
    const w = await writerOn({ engine: "sqlite", dataDir: join(dir, "data") });
    const filler = join(dir, "filler");
    if (mounted) {
      try {
        writeFileSync(filler, Buffer.alloc(32 * 1024 * 1024));
      } catch (err) {
        expect((err as NodeJS.ErrnoException).code).toBe("ENOSPC");
      }
    } else {
      const pages = await sql<{ page_count: number }>`PRAGMA page_count`.execute(w.store.db);
      await sql.raw(`PRAGMA max_page_count = ${pages.rows[0]!.page_count}`).execute(w.store.db);
    }
    const p = await pollerOn(w, s.client);
    p.start();
    await waitFor(() => p.health.status === "ok", 10_000, "backfill from memory");
    await waitFor(() => w.status.status === "unavailable", 5_000, "store unavailable");
    expect(w.status.error).toMatch(/full|SQLITE_FULL|ENOSPC|disk/i);
    await expectPollerMatchesTruth(p, s.sim, OPTIONS.backfillMs);

    if (mounted) rmSync(filler);
    else await sql.raw("PRAGMA max_page_count = 1073741823").execute(w.store.db);
    // Should it time out, the failure says the writer's state and the disk's.
    await waitFor(() => w.available && w.status.queuedReads === 0, 10_000, "store back and caught up").catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify({ available: w.available, status: w.status })}; ${String(spawnSync("df", ["-k", dir]).stdout).trim().split("\n").at(-1)}`);
    });
    await expectStoreMatchesTruth(w.store, s.sim, firstFrom, p.coveredUntil - OPTIONS.overlapMs);
  }, 60_000);

  it("with more held than it may keep, drops the oldest reads but never moves the stored watermark past them", async () => {
    const s = await simulatorWithClient();
    sim = s.sim;
    const dir = tempDir();
    // Room for about a third of the backfill's events: the oldest reads go, the newest stay.
    const backfilled = s.sim.floor.query(Date.now() - OPTIONS.backfillMs, Date.now(), Date.now()).length;
    const w = await writerOn({ engine: "sqlite", dataDir: dir }, { maxQueuedEvents: Math.floor(backfilled / 3) });
    const store = w.store;
    // A store that fails every write until told otherwise.
    const record = store.record.bind(store);
    let failing = true;
    store.record = (read) => (failing ? Promise.reject(new Error("disk I/O error")) : record(read));
    const p = await pollerOn(w, s.client);
    const firstFrom = p.retainedFrom;
    p.start();
    await waitFor(() => p.health.status === "ok", 10_000, "backfill");
    expect(w.status.droppedReads).toBeGreaterThan(0);
    failing = false;
    await waitFor(() => w.available && w.status.queuedReads === 0, 10_000, "caught up");
    // What was kept is written, exactly: the newest reads, covered from where the kept ones
    // begin, every event in that range the feed's (none lost, none doubled).
    await w.flushed();
    const known = await store.coverage(firstFrom, p.coveredUntil);
    expect(known.length, "something was written").toBeGreaterThan(0);
    const keptFrom = known[0]!.start;
    expect(keptFrom).toBeGreaterThan(firstFrom);
    await expectStoreMatchesTruth(store, s.sim, keptFrom, known.at(-1)!.end);
    // What was dropped is not: no event from before the kept range, its range not covered...
    expect(await store.eventsBetween(firstFrom, keptFrom)).toEqual([]);
    expect(eventTuples(s.sim.floor.query(firstFrom, keptFrom, Date.now())).length, "the dropped range had events").toBeGreaterThan(0);
    // ...and the stored watermark stays where the hole begins, so a restart reads it again from Kore.ai.
    // (None stored at all is as safe: a restart then reads its whole window.)
    expect(Number((await store.meta("watermark")) ?? 0)).toBeLessThanOrEqual(keptFrom);
  });
});

describe("the importer", () => {
  it("fills the days before the live window from Kore.ai once, equal to the truth, and a second pass reads nothing", async () => {
    const s = await simulatorWithClient();
    sim = s.sim;
    const w = await writerOn({ engine: "sqlite", dataDir: tempDir() });
    const history = new HistoryStore(s.client, new RequestBudget(60), { chunkMs: 6 * 3_600_000, maxEvents: 10, reserve: 0 });
    history.store = w;
    const importer = new Importer(history, w, { health: { backfilled: true } }, { importMs: 86_400_000, backfillMs: OPTIONS.backfillMs, reserve: 0 });
    const calls = activityCalls(s.sim);
    const progress = await importer.pass(86_400_000);
    expect(progress).toMatchObject({ status: "done", chunksTotal: 4, chunksDone: 4, chunksFailed: 0, chunksAlreadyStored: 0 });
    const reads = s.sim.requests.filter((r) => r.endpoint === "activity").slice(calls);
    expect(reads).toHaveLength(4);
    const from = Date.parse(progress.from!);
    const to = Date.parse(progress.to!);
    expect(await w.store.coverage(from, to)).toEqual([{ start: from, end: to }]);
    await expectStoreMatchesTruth(w.store, s.sim, from, to);
    // Resumable: what the store covers is never read again.
    const again = await importer.pass(86_400_000);
    expect(again).toMatchObject({ status: "done", chunksAlreadyStored: 4 });
    expect(activityCalls(s.sim)).toBe(calls + 4);
    // Progress is left in the store for `npm run import` to follow.
    expect(JSON.parse((await w.store.meta("import_progress"))!)).toMatchObject({ status: "done", chunksDone: 4 });
  });

  it("hands the poller each agent's state from before its window: an agent still since yesterday shows that state, not no activity", async () => {
    // A set early morning: some agents have not changed since yesterday's shift, longer ago than the live window.
    setClock("2026-12-14T03:00:00Z");
    try {
      const s = await simulatorWithClient();
      sim = s.sim;
      const w = await writerOn({ engine: "sqlite", dataDir: tempDir() });
      const p = await pollerOn(w, s.client);
      p.start();
      await waitFor(() => p.health.backfilled && p.rosterLoadedAt !== null, 10_000, "backfill");
      const now = Date.now();
      const windowStart = now - OPTIONS.backfillMs;
      const old = s.sim.floor.truth(now).filter((t) => t.since < windowStart - 60_000 && t.since > windowStart - 86_400_000);
      // Among them agents logged out since yesterday's shift, whose last two changes share a second
      // ("ready", then "offline"): the store keeps the feed's order within a second.
      expect(old.some((t) => t.activity === "offline" && s.sim.floor.query(t.since, t.since + 999, now).filter((e) => e.agentId === t.agentId).length > 1)).toBe(true);
      expect(old.length, "agents whose state began before the live window").toBeGreaterThan(0);
      // Agents with no change in the window: before the import, nothing to show.
      const quiet = old.filter((t) => p.events.eventsOf(t.agentId, windowStart).length === 0);
      expect(quiet.length).toBeGreaterThan(0);
      for (const t of quiet) expect(p.events.stateOf(t.agentId), t.agentId).toBeNull();

      const history = new HistoryStore(s.client, new RequestBudget(60), { chunkMs: 6 * 3_600_000, maxEvents: 10, reserve: 0 });
      history.store = w;
      const importer = new Importer(history, w, p, { importMs: 86_400_000, backfillMs: OPTIONS.backfillMs, reserve: 0 });
      expect(await importer.pass(86_400_000)).toMatchObject({ status: "done", chunksFailed: 0 });
      for (const t of old) expect(p.events.stateOf(t.agentId), t.agentId).toMatchObject({ activity: t.activity, reasonCode: t.reasonCode || null, since: t.since });
      await expectPollerMatchesTruth(p, s.sim, OPTIONS.backfillMs, 3_000, windowStart - 86_400_000);
    } finally {
      resetClock();
    }
  });
});

/**
 * How this machine can make a directory read-only: a read-only mount, or (without the right to
 * mount) a directory without write permission, which binds every user but root. Root without the
 * right to mount (an unprivileged container) has neither.
 */
function readOnlyDir(dir: string): boolean {
  if (spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", dir]).status === 0) {
    mounts.push(dir);
    return true;
  }
  if (process.getuid?.() === 0) return false;
  chmodSync(dir, 0o555);
  return true;
}
const canMakeReadOnly = (() => {
  const probe = mkdtempSync(join(tmpdir(), "floorview-ro-probe-"));
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", probe]).status === 0;
  if (mounted) spawnSync("umount", ["-l", probe]);
  rmSync(probe, { recursive: true, force: true });
  return mounted || process.getuid?.() !== 0;
})();

describe("the store's start-up refusals", () => {
  it.skipIf(!canMakeReadOnly)(`refuses a read-only data directory, naming FLOORVIEW_DATA_DIR${canMakeReadOnly ? "" : " [skipped: root without the right to mount can make no directory read-only here]"}`, async () => {
    const dir = tempDir();
    expect(readOnlyDir(dir)).toBe(true);
    await expect(openStore({ engine: "sqlite", dataDir: dir }, { tenant: TENANT, onForeignTenant: "refuse" })).rejects.toThrow(StoreError);
    await expect(openStore({ engine: "sqlite", dataDir: dir }, { tenant: TENANT, onForeignTenant: "refuse" })).rejects.toThrow(/FLOORVIEW_DATA_DIR: cannot write in .*(EROFS|EACCES)/);
  });

  it("refuses a directory another Floorview holds, and an unknown schema version", async () => {
    const dir = tempDir();
    const held = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: TENANT, onForeignTenant: "refuse" });
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      // Another live process holds the lock.
      writeFileSync(join(dir, "floorview.lock"), JSON.stringify({ pid: child.pid, host: (await import("node:os")).hostname(), heartbeat: Date.now() }));
      await expect(openStore({ engine: "sqlite", dataDir: dir }, { tenant: TENANT, onForeignTenant: "refuse" })).rejects.toThrow(/FLOORVIEW_DATA_DIR: .* is in use by another Floorview/);
    } finally {
      child.kill("SIGKILL");
    }
    await held.putMeta("schema_version", "999");
    await held.close();
    await expect(openStore({ engine: "sqlite", dataDir: dir }, { tenant: TENANT, onForeignTenant: "refuse" })).rejects.toThrow(/FLOORVIEW_DATA_DIR .* newer store \(schema version 999\)/);
  });

  it("refuses an unreachable DATABASE_URL without printing its password", async () => {
    const err = await openStore({ engine: "postgres", url: "postgres://floorview:s3cret-pass@127.0.0.1:1/floorview" }, { tenant: TENANT, onForeignTenant: "refuse" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(/^DATABASE_URL: cannot connect to postgres:\/\/floorview:\*\*\*@127\.0\.0\.1:1\/floorview/);
    expect((err as Error).message).not.toContain("s3cret-pass");
  });
});

describe("a process killed in the middle of a write", () => {
  it("leaves every batch whole or absent, the count true, and the watermark at the last whole batch", async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", join(import.meta.dirname, "../../../test/store-writer-child.mts"), dir], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    // Kill it once a few batches are in, mid-way through another.
    await waitFor(() => (out.match(/written/g) ?? []).length >= 3, 30_000, "batches written");
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    rmSync(join(dir, "floorview.lock"), { force: true });
    const store = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "child", onForeignTenant: "refuse" });
    try {
      const events = await store.eventsBetween(0, Number.MAX_SAFE_INTEGER);
      const perBatch = new Map<string, number>();
      for (const e of events) perBatch.set(e.agentId.split("-")[0]!, (perBatch.get(e.agentId.split("-")[0]!) ?? 0) + 1);
      const whole = [...perBatch.values()];
      expect(whole.length).toBeGreaterThanOrEqual(3);
      for (const n of whole) expect(n).toBe(20_000);
      expect((await store.info()).events).toBe(events.length);
      expect(Number(await store.meta("watermark"))).toBe(whole.length);
    } finally {
      await store.close();
    }
  }, 60_000);
});
