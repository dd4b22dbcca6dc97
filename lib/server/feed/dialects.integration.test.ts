import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { CheckId } from "@/lib/kore/checks";
import { createKoreClient, type KoreClient } from "@/lib/kore/client";
import { readingKey, type EventTimeReading } from "@/lib/kore/event-time";
import { createTokenProvider } from "@/lib/kore/jwt";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/lib/simulator/server";
import { eventTuple, eventTuples } from "@/lib/simulator/truth";
import { openStore } from "@/lib/store/open";
import { resetClock, setClock } from "@/test/clock";
import { expectPollerMatchesTruth, testPollerOptions, waitFor } from "@/test/simulator";
import { ConnectionMonitor } from "./diagnostics";
import { HistoryStore } from "./history";
import { Importer } from "./importer";
import { Poller } from "./poller";
import { RequestBudget } from "./request-budget";
import { knownAgentIds } from "./snapshot";
import { StoreWriter } from "./store-writer";

/**
 * Floorview against the simulator speaking each way a real tenant may differ from Kore.ai's page
 * (SIM_DIALECT), over real HTTP, with a real store: it reads the dialect exactly (every event and
 * state equal to the simulator's truth, the store too), or it fails the right check with the
 * setting that fixes it, writes nothing into the store, and with that setting applied (a restart
 * on the same store) the floor and the store equal the truth.
 */

const OPTIONS = testPollerOptions({ rosterPageSize: 7 });
const AGENTS = 20;
const UTC: EventTimeReading = { zone: "UTC", clock: "24h", dateOrder: "mdy" };

const sims: RunningSimulator[] = [];
const pollers: Poller[] = [];
const writers: StoreWriter[] = [];
const dirs: string[] = [];

afterEach(async () => {
  resetClock();
  for (const p of pollers.splice(0)) await p.stop();
  for (const w of writers.splice(0)) await w.close().catch(() => undefined);
  for (const s of sims.splice(0)) await s.close();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function simulator(over: Partial<SimulatorOptions>): Promise<RunningSimulator> {
  const sim = await startSimulator({ agents: AGENTS, seed: "dialects", accountId: "acc-d", streamId: "st-d", clientId: "cs-d", clientSecret: "dialect-secret-0123456789abcdef0123", timeZone: "UTC", live: false, historyHours: 14, ...over });
  sims.push(sim);
  return sim;
}

function clientOf(sim: RunningSimulator, reading: EventTimeReading, monitor: ConnectionMonitor): KoreClient {
  return createKoreClient({
    baseUrl: sim.url,
    accountId: sim.options.accountId,
    streamId: sim.options.streamId,
    tokens: createTokenProvider({ kind: "signed", clientId: sim.options.clientId, clientSecret: sim.options.clientSecret, enforceJti: false }),
    timeoutMs: 5_000,
    eventTimeZone: reading.zone,
    reading,
    onExchange: monitor.onExchange,
  });
}

/** Floorview's reading part as the runtime wires it: client, monitor, poller, a store in `dir`. */
async function floorview(sim: RunningSimulator, reading: EventTimeReading, dir: string) {
  const monitor = new ConnectionMonitor(reading, { overlapMs: OPTIONS.overlapMs, pollIntervalMs: OPTIONS.pollIntervalMs, source: "simulator" });
  const store = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "kore:acc-d", onForeignTenant: "refuse" });
  const writer = new StoreWriter(store, { timeoutMs: 2_000, retryMs: 100, maxRetryMs: 400 });
  writers.push(writer);
  const client = clientOf(sim, reading, monitor);
  const poller = new Poller(client, new RequestBudget(6_000), OPTIONS);
  poller.store = writer;
  poller.monitor = monitor;
  monitor.floor = { feedIds: () => poller.events.agentIds(), roster: () => poller.roster, rosterLoadedAt: () => poller.rosterLoadedAt };
  // As the runtime: the store remembers the reading; a window read otherwise is never restored.
  await store.useReading(readingKey(reading), reading.clock === "24h" && reading.dateOrder === "mdy");
  const stale = await store.staleCoverage();
  const live = await store.loadLive(Date.now() - OPTIONS.backfillMs);
  poller.restore(stale.length ? { ...live, events: [], anchors: [], watermark: null } : live);
  pollers.push(poller);
  poller.start();
  await waitFor(() => poller.health.backfilled && poller.rosterLoadedAt !== null, 30_000, "the backfill and the roster");
  return { poller, monitor, writer, client };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "floorview-dialect-"));
  dirs.push(dir);
  return dir;
}

/** The history reader as the runtime wires it: the store first, the monitor's gate before keeping. */
function historyOf(sim: RunningSimulator, f: { writer: StoreWriter; monitor: ConnectionMonitor; client: KoreClient }): HistoryStore {
  const history = new HistoryStore(f.client, new RequestBudget(6_000), { chunkMs: 6 * 3_600_000, maxEvents: 10, reserve: 0 });
  history.store = f.writer;
  history.monitor = f.monitor;
  void sim;
  return history;
}

const failing = (m: ConnectionMonitor) => m.checks().filter((c) => c.status === "fail");

/** The store holds exactly the events the feed released in the settled part of the window. */
async function expectStoreMatchesTruth(writer: StoreWriter, sim: RunningSimulator, poller: Poller): Promise<void> {
  await writer.flushed();
  const from = Date.now() - OPTIONS.backfillMs + 60_000;
  const until = poller.coveredUntil - OPTIONS.overlapMs;
  const stored = (await writer.store.eventsBetween(from, until)).map(eventTuple).sort();
  const truth = eventTuples(sim.floor.query(from, until, Date.now())).filter((t) => Date.parse(t.split(" ")[1]!) < until).sort();
  expect(truth.length).toBeGreaterThan(0);
  expect(stored).toEqual(truth);
}

describe("dialects Floorview reads exactly", () => {
  const cases: [string, Partial<SimulatorOptions>, EventTimeReading][] = [
    ["field names in other cases", { dialect: "keys" }, UTC],
    ["ISO-8601 with Z (the zone setting does not matter)", { dialect: "iso", timeZone: "Asia/Kolkata" }, { ...UTC, zone: "America/New_York" }],
    ["ISO-8601 with the account's offset", { dialect: "iso-offset", timeZone: "Asia/Kolkata" }, UTC],
    ["epoch seconds", { dialect: "epoch" }, UTC],
    ["epoch milliseconds", { dialect: "epoch-ms" }, UTC],
    ["a 12-hour clock with AM/PM", { dialect: "ampm", timeZone: "America/New_York" }, { ...UTC, zone: "America/New_York" }],
    ["answers capped at 40 rows, paged with skip/limit", { dialect: "capped=40" }, UTC],
    // Smaller windows cost calls: Kore.ai's 60 a minute would pace this test, not test it.
    ["answers capped at 40 rows that ignore skip (read in smaller windows)", { dialect: "capped-noskip=40", rateLimitPerMinute: 10_000 }, UTC],
    ["the Agents API's offset counting pages", { dialect: "offset-pages" }, UTC],
    ["every change released a minute late (inside the re-read overlap)", { dialect: "late=60" }, UTC],
    ["everything at once", { dialect: "keys,iso-offset,capped=60,offset-pages", timeZone: "Australia/Adelaide" }, UTC],
  ];
  for (const [name, sim, reading] of cases) {
    it(name, async () => {
      const s = await simulator(sim);
      const { poller, monitor, writer } = await floorview(s, reading, tempDir());
      await expectPollerMatchesTruth(poller, s, OPTIONS.backfillMs);
      expect(poller.roster.size, "every agent on the roster, named").toBe(AGENTS);
      expect([...poller.roster.values()].every((r) => r.firstName)).toBe(true);
      expect(knownAgentIds(poller).size).toBe(AGENTS);
      expect(failing(monitor)).toEqual([]);
      expect(monitor.keeping).toBe(true);
      await expectStoreMatchesTruth(writer, s, poller);
    }, 60_000);
  }

  it("says a capped answer was capped, and a roster paged by page number", async () => {
    const s = await simulator({ dialect: "capped-noskip=40,offset-pages", rateLimitPerMinute: 10_000 });
    const { monitor } = await floorview(s, UTC, tempDir());
    const byId = Object.fromEntries(monitor.checks().map((c) => [c.id, c]));
    expect(byId.paging).toMatchObject({ status: "warn" });
    expect(byId.paging!.message).toMatch(/^Capped answers: \d+/);
    expect(byId.roster!.message).toContain("offset counts pages here, not rows");
  }, 60_000);
});

describe("dialects Floorview must be told about: the right check fails, nothing is kept, the hint mends it", () => {
  // A set afternoon: the 12 hours read back hold mornings and afternoons in UTC, India and New York
  // alike (a 12-hour clock shows only then), and the 14th has a day past 12. The 5th has none.
  const AFTERNOON = "2026-12-14T15:10:00Z";
  const cases: [string, Partial<SimulatorOptions>, CheckId[], string, Partial<EventTimeReading>, string][] = [
    ["EventTime in the account's zone (India), read as UTC", { timeZone: "Asia/Kolkata" }, ["event_time_zone"], "KORE_EVENT_TIMEZONE=Asia/Kolkata", { zone: "Asia/Kolkata" }, AFTERNOON],
    ["EventTime in New York, read as UTC", { timeZone: "America/New_York" }, ["event_time_zone"], "KORE_EVENT_TIMEZONE=America/New_York", { zone: "America/New_York" }, AFTERNOON],
    ["a 12-hour clock without AM/PM", { dialect: "12h" }, ["clock_12h"], "KORE_EVENT_CLOCK=12h", { clock: "12h" }, AFTERNOON],
    ["day before month, on the 14th", { dialect: "dmy" }, ["date_order"], "KORE_EVENT_DATE_ORDER=dmy", { dateOrder: "dmy" }, AFTERNOON],
    ["day before month, on the 5th (every date also a valid month/day)", { dialect: "dmy" }, ["date_order"], "KORE_EVENT_DATE_ORDER=dmy", { dateOrder: "dmy" }, "2026-12-05T15:10:00Z"],
    ["a 12-hour clock in India", { dialect: "12h", timeZone: "Asia/Kolkata" }, ["event_time_zone", "clock_12h"], "KORE_EVENT_TIMEZONE=Asia/Kolkata (or another zone at +05:30) and KORE_EVENT_CLOCK=12h", { zone: "Asia/Kolkata", clock: "12h" }, AFTERNOON],
  ];
  for (const [name, sim, checks, hint, fix, at] of cases) {
    it(name, async () => {
      setClock(at);
      const s = await simulator(sim);
      const dir = tempDir();
      const first = await floorview(s, UTC, dir);
      // Within its first minute (the backfill): the checks fail, with the setting that mends them.
      const failed = failing(first.monitor);
      for (const id of checks) expect(failed.map((c) => c.id), `${id} fails`).toContain(id);
      expect(failed.some((c) => c.hint?.includes(hint)), `a hint names ${hint}: ${JSON.stringify(failed)}`).toBe(true);
      expect(first.monitor.keeping).toBe(false);
      expect(first.monitor.report().keeping).toBe(false);
      // Nothing wrong went into the store. (A read the checks passed may be in: a 12-hour clock's
      // morning reads the same either way, and is right.)
      await first.writer.flushed();
      const far = Date.now() + 86_400_000;
      const truth = new Set(eventTuples(s.floor.query(0, far, Date.now())));
      const stored = (await first.writer.store.eventsBetween(0, far)).map(eventTuple);
      expect(stored.filter((t) => !truth.has(t)), "events stored at a wrong time").toEqual([]);
      expect(first.monitor.report().readsHeld).toBeGreaterThan(0);
      await first.poller.stop();
      await first.writer.close();
      writers.splice(writers.indexOf(first.writer), 1);

      // The hint applied, restarted on the same store: the floor and the store are the truth.
      const second = await floorview(s, { ...UTC, ...fix }, dir);
      await expectPollerMatchesTruth(second.poller, s, OPTIONS.backfillMs);
      expect(failing(second.monitor)).toEqual([]);
      expect(second.monitor.keeping).toBe(true);
      await expectStoreMatchesTruth(second.writer, s, second.poller);
    }, 60_000);
  }

  it("the store remembers how it read: after the settings change, what was read the old way is read again, never two readings in one store", async () => {
    // An account in India, read right; then the account's zone moves to New York (the tenant's
    // setting, and Floorview's with it): the same floor, every EventTime written anew.
    setClock("2026-12-14T15:10:00Z");
    const dir = tempDir();
    const india = await simulator({ timeZone: "Asia/Kolkata", historyHours: 40 });
    const first = await floorview(india, { ...UTC, zone: "Asia/Kolkata" }, dir);
    const importFirst = new Importer(historyOf(india, first), first.writer, first.poller, { importMs: 86_400_000, backfillMs: OPTIONS.backfillMs, reserve: 0 });
    expect(await importFirst.pass(86_400_000)).toMatchObject({ status: "done", chunksFailed: 0 });
    await first.writer.flushed();
    const covered = await first.writer.store.coverage(0, Date.now());
    expect(covered.length).toBeGreaterThan(0);
    await first.poller.stop();
    await first.writer.close();
    writers.splice(writers.indexOf(first.writer), 1);
    await india.close();
    sims.splice(sims.indexOf(india), 1);

    const newYork = await simulator({ timeZone: "America/New_York", historyHours: 40 });
    const second = await floorview(newYork, { ...UTC, zone: "America/New_York" }, dir);
    expect((await second.writer.store.staleCoverage()).length, "the old reading's ranges wait to be read again").toBeGreaterThan(0);
    const india_ = readingKey({ ...UTC, zone: "Asia/Kolkata" });
    const newYork_ = readingKey({ ...UTC, zone: "America/New_York" });
    expect((await second.writer.store.eventsByReading())[india_]).toBeGreaterThan(0);
    const importer = new Importer(historyOf(newYork, second), second.writer, second.poller, { importMs: 86_400_000, backfillMs: OPTIONS.backfillMs, reserve: 0 });
    const progress = await importer.pass(86_400_000);
    expect(progress).toMatchObject({ status: "done", chunksFailed: 0 });
    expect(progress.rereadChunksTotal).toBeGreaterThan(0);
    expect(progress.rereadChunksDone).toBe(progress.rereadChunksTotal);
    await second.writer.flushed();
    expect(await second.writer.store.staleCoverage()).toEqual([]);
    // One reading in the store: nothing read the old way is left.
    expect(Object.keys(await second.writer.store.eventsByReading())).toEqual([newYork_]);
    // Every stored event is the truth's, once: none from the first reading left.
    const from = covered[0]!.start;
    const until = second.poller.coveredUntil - OPTIONS.overlapMs;
    const stored = (await second.writer.store.eventsBetween(from, until)).map(eventTuple).sort();
    const truth = eventTuples(newYork.floor.query(from, until, Date.now())).filter((t) => Date.parse(t.split(" ")[1]!) < until).sort();
    expect(truth.length).toBeGreaterThan(0);
    expect(stored).toEqual(truth);
    await expectPollerMatchesTruth(second.poller, newYork, OPTIONS.backfillMs);
  }, 90_000);

  it("roster ids unlike the feed's: roster_ids fails, and the floor is the feed's agents, once", async () => {
    const s = await simulator({ dialect: "roster-ids" });
    const { poller, monitor } = await floorview(s, UTC, tempDir());
    const c = monitor.checks().find((x) => x.id === "roster_ids")!;
    expect(c.status).toBe("fail");
    expect(c.message).toContain("name agents differently");
    const feed = new Set(poller.events.agentIds());
    expect(knownAgentIds(poller)).toEqual(feed);
    expect(feed.size).toBeLessThanOrEqual(AGENTS);
  }, 60_000);

  it("events released later than the overlap: missed by the live reads, found by the sweep, stored, and lateness warns", async () => {
    const s = await simulator({});
    const dir = tempDir();
    const monitor = new ConnectionMonitor(UTC, { overlapMs: 1_000, pollIntervalMs: OPTIONS.pollIntervalMs, source: "simulator" });
    const store = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "kore:acc-d", onForeignTenant: "refuse" });
    const writer = new StoreWriter(store, { timeoutMs: 2_000, retryMs: 100, maxRetryMs: 400 });
    writers.push(writer);
    // A re-read of one second, and a sweep 10 s after a stretch settles, every half second.
    const poller = new Poller(clientOf(s, UTC, monitor), new RequestBudget(6_000), { ...OPTIONS, overlapMs: 1_000, sweepDelayMs: 10_000, sweepEveryMs: 500 });
    poller.store = writer;
    poller.monitor = monitor;
    pollers.push(poller);
    poller.start();
    await waitFor(() => poller.health.backfilled, 30_000, "the backfill");
    await new Promise((r) => setTimeout(r, 1_500));
    // A change two seconds old, released by Kore.ai only 4 s from now: every live read that
    // covers its time comes before it is released.
    const agent = s.floor.agents[0]!.agentId;
    const time = Math.floor((Date.now() - 2_000) / 1000) * 1000;
    s.floor.inject({ agentId: agent, time, activity: "notready", reasonCode: "4", releaseAt: Date.now() + 4_000 });
    await new Promise((r) => setTimeout(r, 5_000));
    const held = () => poller.events.eventsOf(agent, time, time + 1).some((e) => e.activity === "notready" && e.reasonCode === "4");
    expect(held(), "the live reads missed it").toBe(false);
    await waitFor(held, 15_000, "the sweep to find it");
    expect(poller.stats.sweepFound).toBe(1);
    await writer.flushed();
    expect((await store.eventsOf(agent, time, time + 1)).map((e) => [e.activity, e.reasonCode])).toContainEqual(["notready", "4"]);
    const lateness = monitor.checks().find((c) => c.id === "lateness")!;
    expect(lateness.status).toBe("warn");
    expect(lateness.message).toContain("found 1 events the live reads had missed");
    expect(lateness.hint).toMatch(/^set KORE_POLL_OVERLAP_SECONDS=\d+$/);
  }, 60_000);

  it("the rate-limit message under 403 is rate limiting, not refused credentials", async () => {
    const s = await simulator({ dialect: "ratelimit-403", rateLimitPerMinute: 3 });
    const monitor = new ConnectionMonitor(UTC, { overlapMs: OPTIONS.overlapMs, pollIntervalMs: OPTIONS.pollIntervalMs, source: "simulator" });
    const client = clientOf(s, UTC, monitor);
    const now = Date.now();
    for (let i = 0; i < 3; i++) await client.fetchActivity(now - 60_000, now);
    const err = await client.fetchActivity(now - 60_000, now).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "rate_limited", status: 403 });
    expect((err as { upstream: string }).upstream).toContain("exceeded the per-minute rate limit");
    monitor.onError(err as never);
    const byId = Object.fromEntries(monitor.checks().map((x) => [x.id, x]));
    expect(byId.rate_limit).toMatchObject({ status: "warn" });
    expect(byId.auth!.status).not.toBe("fail");
  }, 30_000);
});
