import { describe, expect, it } from "vitest";
import type { AgentsSnapshot } from "@/lib/api-types";
import type { ActivityEvent, RosterEntry } from "@/lib/activity/types";
import type { KoreClient } from "@/lib/kore/client";
import { Poller } from "./poller";
import { RequestBudget } from "./request-budget";
import { gunzipSync } from "node:zlib";
import { snapshotAnswer, type AgentsAnswer } from "../serve/agents-endpoint";
import { agentSnapshots, SnapshotCache, withAsOf } from "./snapshot";
import { SnapshotPublisher } from "../live/snapshot-publisher";

const NOW = Date.parse("2026-11-27T10:00:00Z");

/** A Kore.ai answering from fixed lists, to drive one poll at a time. */
function fixedKore(events: ActivityEvent[], roster: RosterEntry[]): KoreClient {
  return {
    fetchActivity: (from, to) => Promise.resolve({ events: events.filter((e) => e.time >= from && e.time <= to), skipped: {}, skippedTotal: 0 }),
    fetchRosterPage: (offset, limit) => Promise.resolve({ agents: roster.slice(offset, offset + limit), rowCount: roster.slice(offset, offset + limit).length, skippedTotal: 0 }),
  };
}

async function pollerWith(events: ActivityEvent[], roster: RosterEntry[], chunkMs = 24 * 3_600_000) {
  let now = NOW;
  const poller = new Poller(fixedKore(events, roster), new RequestBudget(60, () => now), {
    pollIntervalMs: 15_000,
    overlapMs: 90_000,
    backfillMs: 12 * 3_600_000,
    chunkMs,
    rosterRefreshMs: 300_000,
    rosterPageSize: 50,
  }, () => now);
  await poller.refreshRoster();
  await poller.pollOnce();
  return { poller, advance: (ms: number) => (now += ms) };
}

const roster: RosterEntry[] = [
  { agentId: "a-2", firstName: "Zoe", lastName: "Xu" },
  { agentId: "a-1", firstName: "Ada", lastName: "Lovelace" },
  { agentId: "a-3", firstName: "Idle", lastName: "Agent" },
];
const events: ActivityEvent[] = [
  { agentId: "a-1", time: NOW - 600_000, activity: "notready", reasonCode: "2" },
  { agentId: "a-2", time: NOW - 60_000, activity: "ready", reasonCode: null },
  { agentId: "a-9", time: NOW - 30_000, activity: "busy", reasonCode: null },
];

describe("agents snapshot", () => {
  it("lists roster agents and feed-only agents by name, with null state for agents with no event, and each agent's team", async () => {
    const { poller } = await pollerWith(events, roster);
    const cache = new SnapshotCache(poller, 45_000, new Map([["a-1", "Billing"], ["a-9", "Night"]]));
    const body = JSON.parse(withAsOf(cache.get(NOW).rest, NOW)) as AgentsSnapshot;
    expect(body.asOf).toBe(new Date(NOW).toISOString());
    expect(body.upstream).toMatchObject({ status: "ok", stale: false, lastError: null, coveredUntil: new Date(NOW).toISOString() });
    expect(body.agents).toEqual([
      { agentId: "a-1", name: "Ada Lovelace", activity: "notready", reasonCode: "2", since: "2026-11-27T09:50:00.000Z", lastEventAt: "2026-11-27T09:50:00.000Z", team: "Billing" },
      { agentId: "a-3", name: "Idle Agent", activity: null, reasonCode: null, since: null, lastEventAt: null, team: null },
      { agentId: "a-2", name: "Zoe Xu", activity: "ready", reasonCode: null, since: "2026-11-27T09:59:00.000Z", lastEventAt: "2026-11-27T09:59:00.000Z", team: null },
      { agentId: "a-9", name: null, activity: "busy", reasonCode: null, since: "2026-11-27T09:59:30.000Z", lastEventAt: "2026-11-27T09:59:30.000Z", team: "Night" },
    ]);
  });

  it("keeps its ETag while nothing changes, changes it when a poll or staleness does", async () => {
    const { poller, advance } = await pollerWith(events, roster);
    const cache = new SnapshotCache(poller, 45_000);
    const first = cache.get(NOW);
    expect(cache.get(NOW + 5_000)).toBe(first);
    advance(15_000);
    await poller.pollOnce();
    const second = cache.get(NOW + 15_000);
    expect(second.etag).not.toBe(first.etag);
    // No good read for longer than the stale threshold: same data, now marked stale.
    const stale = cache.get(NOW + 15_000 + 46_000);
    expect(stale.etag).not.toBe(second.etag);
    expect(JSON.parse(withAsOf(stale.rest, NOW)).upstream.stale).toBe(true);
  });

  it("gives the same ETag for the same state on another instance (one load balancer, several servers)", async () => {
    const a = new SnapshotCache((await pollerWith(events, roster)).poller, 45_000);
    const b = new SnapshotCache((await pollerWith(events, roster)).poller, 45_000);
    expect(a.get(NOW).etag).toBe(b.get(NOW).etag);
    const c = new SnapshotCache((await pollerWith(events.slice(1), roster)).poller, 45_000);
    expect(c.get(NOW).etag).not.toBe(a.get(NOW).etag);
  });

  it("says names are still loading until the first read of the Agents API is done", async () => {
    let now = NOW;
    const poller = new Poller(fixedKore(events, roster), new RequestBudget(60, () => now), { pollIntervalMs: 15_000, overlapMs: 90_000, backfillMs: 12 * 3_600_000, chunkMs: 24 * 3_600_000, rosterRefreshMs: 300_000, rosterPageSize: 2 }, () => now);
    await poller.pollOnce();
    const cache = new SnapshotCache(poller, 45_000);
    const before = JSON.parse(withAsOf(cache.get(NOW).rest, NOW)) as AgentsSnapshot;
    expect(before.upstream.namesLoading).toBe(true);
    expect(before.agents.every((a) => a.name === null)).toBe(true);
    await poller.refreshRoster();
    now += 1_000;
    const after = JSON.parse(withAsOf(cache.get(now).rest, now)) as AgentsSnapshot;
    expect(after.upstream.namesLoading).toBe(false);
    expect(after.agents.find((a) => a.agentId === "a-1")?.name).toBe("Ada Lovelace");
  });

  it("withholds every state until the backfill has reached now", async () => {
    // One-hour chunks: the first read covers only 12 h to 11 h ago.
    const { poller } = await pollerWith(events, roster, 3_600_000);
    const cache = new SnapshotCache(poller, 45_000);
    const during = JSON.parse(withAsOf(cache.get(NOW).rest, NOW)) as AgentsSnapshot;
    expect(during.upstream).toMatchObject({ status: "starting", stale: false, coveredUntil: null });
    expect(during.agents.map((a) => a.activity)).toEqual([null, null, null]);
    while (poller.health.status === "starting") await poller.pollOnce();
    const after = JSON.parse(withAsOf(cache.get(NOW).rest, NOW)) as AgentsSnapshot;
    expect(after.agents.map((a) => a.activity)).toEqual(["notready", null, "ready", "busy"]);
  });

  it("is stale while the feed's read position lags, even if calls succeed", async () => {
    const { poller, advance } = await pollerWith(events, roster, 3_600_000);
    while (poller.health.status === "starting") await poller.pollOnce();
    // Two hours without a read (an outage), then one successful chunk of the catch-up.
    advance(2 * 3_600_000);
    await poller.pollOnce();
    const cache = new SnapshotCache(poller, 45_000);
    const catchingUp = JSON.parse(withAsOf(cache.get(NOW + 2 * 3_600_000).rest, NOW)) as AgentsSnapshot;
    expect(catchingUp.upstream).toMatchObject({ status: "ok", stale: true, coveredUntil: new Date(NOW + 3_600_000).toISOString() });
    await poller.pollOnce();
    expect(JSON.parse(withAsOf(cache.get(NOW + 2 * 3_600_000).rest, NOW)).upstream.stale).toBe(false);
  });

  it("builds the same JSON as the agents' snapshots, reusing only what did not change", async () => {
    const mutable = [...events];
    const { poller, advance } = await pollerWith(mutable, roster);
    const teams = new Map([["a-2", "Sales"]]);
    const cache = new SnapshotCache(poller, 45_000, teams);
    const agentsIn = (rest: string) => (JSON.parse(withAsOf(rest, NOW)) as AgentsSnapshot).agents;
    expect(agentsIn(cache.get(NOW).rest)).toEqual(agentSnapshots(poller, teams));
    // A state change and a new agent without a name (after the named, before a-9 by id): the same as built afresh.
    mutable.push({ agentId: "a-2", time: NOW + 5_000, activity: "busy", reasonCode: null }, { agentId: "a-0", time: NOW + 6_000, activity: "ready", reasonCode: null });
    advance(15_000);
    await poller.pollOnce();
    const body = cache.get(NOW + 15_000);
    expect(agentsIn(body.rest)).toEqual(agentSnapshots(poller, teams));
    expect(agentsIn(body.rest).map((a) => a.agentId)).toEqual(["a-1", "a-3", "a-2", "a-0", "a-9"]);
  });
});

/** The bytes of an answer, whole. */
const bytesOf = (answer: AgentsAnswer) => Buffer.concat(answer.body);

describe("the published snapshot", () => {
  it("answers gzip that decodes to exactly the plain answer, with the fresh asOf, and 304 to its ETag", async () => {
    const { poller } = await pollerWith(events, roster);
    let clock = NOW;
    const publisher = new SnapshotPublisher(new SnapshotCache(poller, 45_000), poller, 45_000, () => clock);
    const snapshot = await publisher.current();
    clock = NOW + 3_000;
    const plain = bytesOf(snapshotAnswer(snapshot, clock, { gzip: false, ifNoneMatch: null }));
    const zipped = snapshotAnswer(snapshot, clock, { gzip: true, ifNoneMatch: null });
    expect(zipped.headers.ETag).toBe(snapshot.etag);
    expect(zipped.headers["Content-Encoding"]).toBe("gzip");
    const decoded = gunzipSync(bytesOf(zipped));
    expect(decoded.equals(plain)).toBe(true);
    expect(bytesOf(zipped).length).toBeLessThan(plain.length);
    const body = JSON.parse(plain.toString("utf8")) as AgentsSnapshot;
    expect(body.asOf).toBe(new Date(NOW + 3_000).toISOString());
    expect(body.agents.map((a) => a.agentId)).toEqual(["a-1", "a-3", "a-2", "a-9"]);
    expect(snapshotAnswer(snapshot, clock, { gzip: true, ifNoneMatch: `W/"other", ${snapshot.etag}` }).status).toBe(304);
    expect(snapshotAnswer(snapshot, clock, { gzip: true, ifNoneMatch: 'W/"other"' }).status).toBe(200);
  });

  it("after a quiet spell with nobody asking, the first answer is the current picture, not one from before it", async () => {
    const { poller, advance } = await pollerWith(events, roster);
    let clock = NOW;
    const publisher = new SnapshotPublisher(new SnapshotCache(poller, 45_000), poller, 45_000, () => clock);
    publisher.start();
    const first = await publisher.current();
    // Two minutes of polls and no client.
    for (let i = 0; i < 8; i++) {
      advance(15_000);
      clock += 15_000;
      await poller.pollOnce();
    }
    // Every poll's change published (its gzip done), however busy the machine: no request prompted any of it.
    await publisher.settled();
    const answer = snapshotAnswer(await publisher.current(), clock, { gzip: true, ifNoneMatch: first.etag });
    expect(answer.status).toBe(200);
    const body = JSON.parse(gunzipSync(bytesOf(answer)).toString("utf8")) as AgentsSnapshot;
    expect(body.upstream).toMatchObject({ stale: false, coveredUntil: new Date(poller.coveredUntil).toISOString() });
    expect(poller.coveredUntil).toBe(NOW + 120_000);
    publisher.stop();
  });

  it("publishes the turn to stale on time, with no read and no request to prompt it", async () => {
    const { poller } = await pollerWith(events, roster);
    let clock = NOW;
    const publisher = new SnapshotPublisher(new SnapshotCache(poller, 300), poller, 300, () => clock);
    publisher.start();
    const fresh = await publisher.current();
    expect((JSON.parse(`{${fresh.tail.toString("utf8")}`) as AgentsSnapshot).upstream.stale).toBe(false);
    // Read up to NOW, stale after 300 ms: the publisher wakes itself then (its timer runs on real time).
    clock = NOW + 400;
    await new Promise((r) => setTimeout(r, 400));
    const stale = await publisher.current();
    expect((JSON.parse(`{${stale.tail.toString("utf8")}`) as AgentsSnapshot).upstream.stale).toBe(true);
    publisher.stop();
  });
});
