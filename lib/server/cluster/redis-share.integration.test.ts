import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import type { RunningSimulator } from "@/lib/simulator/server";
import { clientFor, expectPollerMatchesTruth, injected, simulatorWithClient, testPollerOptions, waitFor } from "@/test/simulator";
import { Poller } from "../feed/poller";
import { clusterKeys } from "./codec";
import { connectRedis } from "./redis";
import { HistoryStore } from "../feed/history";
import { SLOT_HELD_MS } from "../feed/request-budget";
import { RedisBudget } from "./redis-budget";
import { RedisHistoryChunks } from "./redis-history";
import { RedisThrottle } from "./redis-throttle";
import { RedisShare } from "./redis-share";
import { startRedis, type TestRedis } from "@/test/redis";

const HOUR = 3_600_000;
const INTERVAL = 1_000;
const OPTIONS = testPollerOptions({ pollIntervalMs: INTERVAL });
const BUDGET = 60;

interface Instance {
  poller: Poller;
  share: RedisShare;
  budget: RedisBudget;
}

let redis: TestRedis;
let sim: RunningSimulator | null = null;
let instances: Instance[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  await Promise.all(instances.map((i) => i.share.stop().catch(() => undefined)));
  instances = [];
  await sim?.close();
  sim = null;
  const admin = new Redis(redis.url);
  await admin.flushall();
  admin.disconnect();
});

async function instance(s: RunningSimulator): Promise<Instance> {
  const conn = await connectRedis(redis.url, "test");
  const keys = clusterKeys(s.options.accountId);
  const budget = new RedisBudget(conn, keys, BUDGET);
  const poller = new Poller(clientFor(s), budget, OPTIONS);
  const share = new RedisShare(conn, conn.duplicate(), poller, keys, { pollIntervalMs: INTERVAL, retentionMs: OPTIONS.backfillMs });
  await share.start();
  const i = { poller, share, budget };
  instances.push(i);
  return i;
}

const leaders = () => instances.filter((i) => i.share.status().role === "leader");
const ready = (i: Instance) => i.poller.health.status === "ok" && i.poller.rosterLoadedAt !== null;
const activityCalls = (s: RunningSimulator, from = 0) => s.requests.filter((r) => r.endpoint === "activity" && r.at >= from).length;

async function floorOf(n: number) {
  ({ sim } = await simulatorWithClient());
  const all: Instance[] = [];
  for (let k = 0; k < n; k++) all.push(await instance(sim));
  await waitFor(() => leaders().length === 1 && all.every(ready), 15_000, "one leader and every instance backfilled");
  return { sim, all };
}

describe("several instances sharing one state in Redis", () => {
  it("one instance reads Kore.ai for all; every instance shows the same true picture; the calls are those of one", async () => {
    const { sim, all } = await floorOf(3);
    for (const i of all) await expectPollerMatchesTruth(i.poller, sim, OPTIONS.backfillMs);
    // Only the leader calls Kore.ai: the others read nothing upstream.
    const leader = leaders()[0]!;
    for (const i of all) expect(i.poller.stats.activityRequests + i.poller.stats.rosterRequests > 0).toBe(i === leader);
    // Steady state: one poll per interval, whatever the number of instances.
    const from = Date.now();
    await new Promise((r) => setTimeout(r, 4 * INTERVAL));
    expect(activityCalls(sim, from)).toBeLessThanOrEqual(5);
    // A change reaches every instance.
    const agent = sim.floor.agents[3]!.agentId;
    sim.floor.inject(injected(agent, 0, "notready", "5"));
    await waitFor(() => all.every((i) => i.poller.events.stateOf(agent)?.reasonCode === "5"), 5_000, "the change on every instance");
    for (const i of all) expect(i.poller.roster.size).toBe(30);
  });

  it("when the leader dies, another takes over within two poll intervals and loses no event", async () => {
    const { sim, all } = await floorOf(3);
    const dead = leaders()[0]!;
    const agents = sim.floor.agents.slice(0, 3).map((a) => a.agentId);
    // A crash: the leader stops without giving its lease up.
    await dead.share.stop({ release: false });
    const diedAt = Date.now();
    // Changes made while nobody reads Kore.ai.
    sim.floor.inject(injected(agents[0]!, 0, "notready", "2"));
    sim.floor.inject(injected(agents[1]!, 0, "busy"));
    const survivors = all.filter((i) => i !== dead);
    await waitFor(() => survivors.some((i) => i.share.status().role === "leader"), 3 * INTERVAL, "a new leader");
    expect(Date.now() - diedAt).toBeLessThanOrEqual(2 * INTERVAL);
    await waitFor(() => survivors.every((i) => i.poller.events.stateOf(agents[1]!)?.activity === "busy"), 5_000, "the changes on every survivor");
    sim.floor.inject(injected(agents[2]!, 0, "notready", "7"));
    await waitFor(() => survivors.every((i) => i.poller.events.stateOf(agents[2]!)?.reasonCode === "7"), 5_000, "a change after the takeover");
    for (const i of survivors) await expectPollerMatchesTruth(i.poller, sim, OPTIONS.backfillMs);
    expect(survivors.filter((i) => i.share.status().role === "leader")).toHaveLength(1);
    // The new leader resumed from the shared watermark: no second backfill.
    const backfillCalls = sim.requests.filter((r) => r.endpoint === "activity" && r.at > diedAt).length;
    expect(backfillCalls).toBeLessThanOrEqual(Math.ceil((Date.now() - diedAt) / INTERVAL) + 2);
  });

  it("a clean shutdown gives the lease up at once, even while the leader's read of Kore.ai hangs", async () => {
    const { sim, all } = await floorOf(2);
    const leader = leaders()[0]!;
    const next = all.find((i) => i !== leader)!;
    // Kore.ai holds the leader's next read for 4 s: its poller is inside it when the shutdown comes.
    sim.setFault({ mode: "timeout", target: "activity", remaining: 1, delayMs: 4_000 });
    await new Promise((r) => setTimeout(r, 1.5 * INTERVAL));
    const stoppedAt = Date.now();
    let stopped = false;
    const stopping = leader.share.stop().then(() => (stopped = true));
    await waitFor(() => next.share.status().role === "leader", 3 * INTERVAL, "the other instance leads");
    // It led while the read still hung (not once the lease ran out, nor once the poller stopped).
    expect(stopped).toBe(false);
    expect(Date.now() - stoppedAt).toBeLessThan(INTERVAL);
    await stopping;
  });

  it("a leader that has lost its lease cannot share a read, and stops reading", async () => {
    const { sim, all } = await floorOf(2);
    const leader = leaders()[0]!;
    const follower = all.find((i) => i !== leader)!;
    const admin = new Redis(redis.url);
    // Another instance holds the lease now (as after a long pause of this one).
    await admin.set(clusterKeys(sim.options.accountId).lease, "someone-else", "PX", 60_000);
    await waitFor(() => leader.share.status().role === "follower", 3 * INTERVAL, "the leader steps down");
    const calls = activityCalls(sim);
    await new Promise((r) => setTimeout(r, 3 * INTERVAL));
    expect(activityCalls(sim)).toBeLessThanOrEqual(calls + 1);
    expect(leader.share.status().leader).toBe("someone-else");
    // When that lease goes, one of the two leads again, and nothing was lost meanwhile.
    const agent = sim.floor.agents[5]!.agentId;
    sim.floor.inject(injected(agent, 0, "notready", "4"));
    await admin.del(clusterKeys(sim.options.accountId).lease);
    admin.disconnect();
    await waitFor(() => leaders().length === 1, 3 * INTERVAL, "a leader again");
    await waitFor(() => [leader, follower].every((i) => i.poller.events.stateOf(agent)?.reasonCode === "4"), 5_000, "the change");
    for (const i of all) await expectPollerMatchesTruth(i.poller, sim, OPTIONS.backfillMs);
  });

  it("an instance started later rebuilds the whole picture from Redis without a backfill of its own", async () => {
    const { sim } = await floorOf(1);
    const before = activityCalls(sim);
    const late = await instance(sim);
    expect(late.share.status().role).toBe("follower");
    expect(ready(late)).toBe(true);
    await expectPollerMatchesTruth(late.poller, sim, OPTIONS.backfillMs);
    expect(late.poller.roster.size).toBe(30);
    // At most the leader's own polls meanwhile, not 12 backfill chunks.
    expect(activityCalls(sim) - before).toBeLessThanOrEqual(2);
  });

  it("when Redis loses its data, the leader shares its state again and a new instance still sees whole days", async () => {
    const { sim } = await floorOf(2);
    const admin = new Redis(redis.url);
    await admin.flushall();
    admin.disconnect();
    const agent = sim.floor.agents[8]!.agentId;
    sim.floor.inject(injected(agent, 0, "notready", "3"));
    await waitFor(() => instances.every((i) => i.poller.events.stateOf(agent)?.reasonCode === "3"), 5_000, "the change");
    const late = await instance(sim);
    await waitFor(() => ready(late), 5_000, "the late instance");
    await expectPollerMatchesTruth(late.poller, sim, OPTIONS.backfillMs);
    // The roster's change counter started again with the data: a renamed agent still reaches the followers.
    const leader = leaders()[0]!;
    const renamed = new Map(leader.poller.roster);
    renamed.set(agent, { agentId: agent, firstName: "Renamed", lastName: "Agent" });
    expect(await leader.share.publishRoster(renamed, Date.now())).toBe(true);
    const followers = instances.filter((i) => i !== leader);
    await waitFor(() => followers.every((i) => i.poller.roster.get(agent)?.firstName === "Renamed"), 5_000, "the new roster on every follower");
  });

  it("while Redis is down the data goes stale and nobody reads Kore.ai; when it is back, one leads again and nothing is lost", async () => {
    const { sim, all } = await floorOf(2);
    const port = redis.port;
    await redis.stop();
    await waitFor(() => all.every((i) => i.share.status().redis === "unreachable"), 5 * INTERVAL, "Redis seen as unreachable");
    // Without a lease nobody may read Kore.ai: the leader stops once its lease may have run out.
    await waitFor(() => leaders().length === 0, 3 * INTERVAL, "the leader stands down");
    const frozen = all.map((i) => i.poller.coveredUntil);
    const calls = activityCalls(sim);
    const agent = sim.floor.agents[6]!.agentId;
    sim.floor.inject(injected(agent, 0, "notready", "6"));
    await new Promise((r) => setTimeout(r, 2 * INTERVAL));
    expect(activityCalls(sim)).toBeLessThanOrEqual(calls + 1);
    expect(all.map((i) => i.poller.coveredUntil)).toEqual(frozen);

    // Back, empty (no persistence): one leads, shares its state again, and the change comes in.
    redis = await startRedis(port);
    await waitFor(() => leaders().length === 1 && all.every((i) => i.share.status().redis === "ok"), 10_000, "a leader again");
    await waitFor(() => all.every((i) => i.poller.events.stateOf(agent)?.reasonCode === "6"), 10_000, "the change made while Redis was down");
    for (const i of all) await expectPollerMatchesTruth(i.poller, sim, OPTIONS.backfillMs);
    const late = await instance(sim);
    await waitFor(() => ready(late), 5_000, "an instance started after the restart");
    await expectPollerMatchesTruth(late.poller, sim, OPTIONS.backfillMs);
  });

  it("a day of history one instance read for a drill-down costs the others no Kore.ai call", async () => {
    ({ sim } = await simulatorWithClient());
    const s = sim;
    const conns = await Promise.all([connectRedis(redis.url, "a"), connectRedis(redis.url, "b")]);
    const keys = clusterKeys(s.options.accountId);
    const [a, b] = conns.map(
      (c) => new HistoryStore(clientFor(s), new RedisBudget(c, keys, BUDGET), { chunkMs: 6 * HOUR, maxEvents: 1_000_000, reserve: 5 }, Date.now, new RedisHistoryChunks(c, keys)),
    ) as [HistoryStore, HistoryStore];
    // A whole day two days back: four closed chunks of 6 hours.
    const from = Math.floor((Date.now() - 48 * HOUR) / (6 * HOUR)) * 6 * HOUR;
    const to = from + 24 * HOUR;
    const day = a.chunkStarts(from, to);
    const agent = s.floor.agents[0]!.agentId;
    await a.load(day, 10_000);
    expect(activityCalls(s)).toBe(4);
    await new Promise((r) => setTimeout(r, 100));
    await b.load(day, 10_000);
    expect(activityCalls(s)).toBe(4);
    expect(b.stats).toMatchObject({ requests: 0, sharedHits: 4 });
    expect(b.eventsOf(agent, from, to)).toEqual(a.eventsOf(agent, from, to));
    expect(b.eventsOf(agent, from, to).length).toBeGreaterThan(0);
    for (const c of conns) c.disconnect();
  });

  it("counts failed sign-ins across instances, so N instances do not allow N times as many guesses", async () => {
    const conns = await Promise.all([connectRedis(redis.url, "a"), connectRedis(redis.url, "b")]);
    const limits = { maxFailures: 5, windowMs: 60_000, lockMs: 300_000 };
    const [a, b] = conns.map((c) => new RedisThrottle(c, "floorview:{t}:login:", limits)) as [RedisThrottle, RedisThrottle];
    const now = Date.now();
    for (const t of [a, b, a, b]) await t.fail("10.0.0.7", now);
    expect(await a.retryAfterMs("10.0.0.7", now)).toBe(0);
    await b.fail("10.0.0.7", now);
    // The fifth failure, on the other instance, locks the client out of both; others are not touched.
    expect(await a.retryAfterMs("10.0.0.7", now)).toBeGreaterThan(299_000);
    expect(await b.retryAfterMs("10.0.0.7", now)).toBeGreaterThan(299_000);
    expect(await a.retryAfterMs("10.0.0.8", now)).toBe(0);
    // A success clears a client's count.
    for (let k = 0; k < 4; k++) await a.fail("10.0.0.9", now);
    await b.succeed("10.0.0.9");
    await a.fail("10.0.0.9", now);
    expect(await a.retryAfterMs("10.0.0.9", now)).toBe(0);
    // Redis gone: the instance's own count stands in, logins stay throttled.
    conns[0]!.disconnect();
    for (let k = 0; k < 5; k++) await a.fail("10.0.0.10", now);
    expect(await a.retryAfterMs("10.0.0.10", now)).toBe(300_000);
    conns[1]!.disconnect();
  });

  it("shares one request budget: instances together never pass the cap, and a 429's pause holds them all", async () => {
    const conns = await Promise.all([connectRedis(redis.url, "a"), connectRedis(redis.url, "b")]);
    const keys = clusterKeys("budget-test");
    const [a, b] = conns.map((c) => new RedisBudget(c, keys, 4)) as [RedisBudget, RedisBudget];
    // A cap of 4 across both: a patient caller (history, reserve 1) gets a slot only while one stays free for the live feed.
    expect([await a.take(), await b.take(), await a.take(1)]).toEqual([0, 0, 0]);
    expect(await b.take(1)).toBeGreaterThan(0);
    expect(await a.take()).toBe(0);
    // The cap is reached: nobody may send for a minute and the margin for a late arrival.
    expect(await b.take()).toBeGreaterThan(SLOT_HELD_MS - 1_000);
    expect(await a.usedLastMinute()).toBe(4);
    expect(await b.usedLastMinute()).toBe(4);

    const other = clusterKeys("pause-test");
    const [p, q] = conns.map((c) => new RedisBudget(c, other, 60)) as [RedisBudget, RedisBudget];
    p.pauseUntil(Date.now() + 2_000);
    await new Promise((r) => setTimeout(r, 50));
    const wait = await q.take();
    expect(wait).toBeGreaterThan(1_500);
    expect(wait).toBeLessThanOrEqual(2_000);
    for (const c of conns) c.disconnect();
  });
});
