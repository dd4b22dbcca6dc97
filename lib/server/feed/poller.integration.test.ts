import { afterEach, describe, expect, it } from "vitest";
import type { KoreClient } from "@/lib/kore/client";
import type { RunningSimulator } from "@/lib/simulator/server";
import { eventTuples } from "@/lib/simulator/truth";
import { wireEventTime } from "@/lib/simulator/wire";
import { expectPollerMatchesTruth, heldTuples, injected, simulatorWithClient, testPollerOptions, waitFor } from "@/test/simulator";
import { Poller, type PollerOptions } from "./poller";
import { RequestBudget } from "./request-budget";

const OPTIONS = testPollerOptions();

let sim: RunningSimulator | null = null;
let poller: Poller | null = null;
afterEach(async () => {
  await poller?.stop();
  await sim?.close();
  sim = null;
  poller = null;
});

async function setup(budgetPerMinute = 60, opts: Partial<PollerOptions> = {}) {
  const s = await simulatorWithClient();
  sim = s.sim;
  poller = new Poller(s.client, new RequestBudget(budgetPerMinute), { ...OPTIONS, ...opts });
  return { sim: s.sim, poller, client: s.client as KoreClient };
}

const expectMatchesTruth = (p: Poller, s: RunningSimulator) => expectPollerMatchesTruth(p, s, OPTIONS.backfillMs);

describe("Poller against the simulator over HTTP", () => {
  it("backfills 12 hours in chunks, then reports ok with every agent's true state and name", async () => {
    const { sim, poller } = await setup();
    poller.start();
    await waitFor(() => poller.health.status === "ok" && poller.rosterLoadedAt !== null, 10_000, "backfill");
    await expectMatchesTruth(poller, sim);
    const activityCalls = sim.requests.filter((r) => r.endpoint === "activity").length;
    expect(activityCalls).toBeGreaterThanOrEqual(12);
    // 30 agents, pages of 7: five pages, the last one short.
    expect(sim.requests.filter((r) => r.endpoint === "agents")).toHaveLength(5);
    expect(poller.roster.size).toBe(30);
  });

  it("reads the live feed before the roster: a tight budget goes to the backfill first, then names fill in page by page", async () => {
    // 12 backfill chunks, 5 roster pages, 14 requests a minute: the roster must not starve the feed.
    const { sim, poller } = await setup(14);
    poller.start();
    await waitFor(() => poller.health.status === "ok", 10_000, "backfill");
    const order = sim.requests.map((r) => r.endpoint);
    // Only the first roster page went ahead of the backfill; the agents read so far already have names.
    expect(order.slice(0, order.lastIndexOf("activity")).filter((e) => e === "agents")).toHaveLength(1);
    expect(poller.roster.size).toBe(7);
    await expectMatchesTruth(poller, sim);
  });

  it("loses nothing through an outage: the next good read covers the gap", async () => {
    const { sim, poller } = await setup();
    poller.start();
    await waitFor(() => poller.health.status === "ok", 10_000, "backfill");
    const agent = sim.floor.agents[0]!.agentId;
    const other = sim.floor.agents[1]!.agentId;

    sim.setFault({ mode: "http_503" });
    await waitFor(() => poller.health.status === "down", 10_000, "down");
    const covered = poller.coveredUntil;
    // Changes that happen while Kore.ai is failing, released during the outage.
    sim.floor.inject(injected(agent, 1, "notready", "6"));
    sim.floor.inject(injected(other, 1, "busy"));
    await new Promise((r) => setTimeout(r, 300));
    expect(poller.coveredUntil).toBe(covered);
    expect(poller.events.stateOf(agent)?.reasonCode).not.toBe("6");

    sim.clearFaults();
    await waitFor(() => poller.health.status === "ok" && poller.coveredUntil > covered + 1000, 10_000, "recovery");
    await waitFor(() => poller.events.stateOf(agent)?.reasonCode === "6", 5_000, "outage event");
    await expectMatchesTruth(poller, sim);
    expect(poller.health.lastError?.code).toBe("server");
  });

  it("picks up events released late, in a later 30-second stack, in time order", async () => {
    const { sim, poller } = await setup();
    poller.start();
    await waitFor(() => poller.health.status === "ok", 10_000, "backfill");
    // An agent with no change of its own in the last 2 minutes, so the injected ones are its newest.
    const recent = new Set(sim.floor.query(Date.now() - 120_000, Date.now(), Date.now()).map((e) => e.agentId));
    const agent = sim.floor.agents.find((a) => !recent.has(a.agentId))!.agentId;
    // Happened 40 s ago, but only shows up in the feed after a few more polls.
    sim.floor.inject(injected(agent, 40, "notready", "3", Date.now() + 800));
    const newer = sim.floor.inject(injected(agent, 20, "notready", "4"));
    await waitFor(() => poller.events.stateOf(agent)?.reasonCode === "4", 5_000, "newer event");
    expect(poller.events.eventsOf(agent).some((e) => e.reasonCode === "3")).toBe(false);
    await waitFor(() => poller.events.eventsOf(agent).some((e) => e.reasonCode === "3"), 5_000, "late event");
    const times = poller.events.eventsOf(agent).map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(poller.events.stateOf(agent)).toMatchObject({ reasonCode: "4", since: newer.time });
    await expectMatchesTruth(poller, sim);
  });

  it("after a 429 waits Retry-After before calling again, then recovers", async () => {
    const { sim, poller } = await setup();
    poller.start();
    // The roster read too, so that the feed's polls (one at a time) are the only calls: a roster
    // page sent before the 429 came back may reach the simulator after it, and is no call made
    // in spite of it.
    await waitFor(() => poller.health.status === "ok" && poller.rosterLoadedAt !== null, 60_000, "backfill");
    sim.setFault({ mode: "rate_limit", retryAfterSeconds: 1, remaining: 1 });
    await waitFor(() => poller.health.status === "rate_limited", 60_000, "rate_limited");
    const limitedAt = sim.requests.findLast((r) => r.status === 429)!.at;
    await waitFor(() => poller.health.status === "ok", 60_000, "recovery");
    const next = sim.requests.find((r) => r.at > limitedAt);
    expect(next).toBeDefined();
    expect(next!.at - limitedAt).toBeGreaterThanOrEqual(950);
    expect(poller.health.lastError?.code).toBe("rate_limited");
  });

  it("never exceeds its request budget, even while catching up", async () => {
    const { sim, poller } = await setup(5);
    poller.start();
    await new Promise((r) => setTimeout(r, 1_500));
    // 12 one-hour chunks and a roster are waiting, but only five calls may go in a minute.
    expect(sim.requests).toHaveLength(5);
    expect(poller.health.status).toBe("starting");
  });

  it("backs off slowly when Kore.ai refuses the credentials, and says so", async () => {
    const { sim, poller } = await setup();
    sim.setFault({ mode: "unauthorized", target: "all" });
    poller.start();
    await waitFor(() => poller.health.status === "unauthorized", 5_000, "unauthorized");
    await new Promise((r) => setTimeout(r, 1_000));
    const activityCalls = sim.requests.filter((r) => r.endpoint === "activity").length;
    // 200 ms, 400 ms, 800 ms…: a handful, not one per 150 ms poll interval.
    expect(activityCalls).toBeLessThanOrEqual(4);
    sim.clearFaults();
    await waitFor(() => poller.health.status === "ok", 10_000, "recovery");
  });
});

describe("a tenant in America/New_York, across a change of the clocks", () => {
  const ZONE = "America/New_York";
  /** Kore.ai's EventTime carries no offset: a wall time the clocks show twice is read as its first instant (documented). */
  const asKoreReads = (t: number) => (wireEventTime(t - 3_600_000, ZONE) === wireEventTime(t, ZONE) ? t - 3_600_000 : t);

  for (const [name, at, change] of [
    ["spring forward (02:00 EST → 03:00 EDT on 8 March)", "2026-03-08T10:00:00Z", "2026-03-08T07:00:00Z"],
    ["fall back (02:00 EDT → 01:00 EST on 1 November)", "2026-11-01T09:00:00Z", "2026-11-01T06:00:00Z"],
  ] as const) {
    it(`${name}: every event at its true instant, but for the hour the wall clock shows twice`, async () => {
      let clock = Date.parse(at);
      const s = await simulatorWithClient({ timeZone: ZONE, now: () => clock, agents: 40, seed: "dst", historyHours: 14 });
      sim = s.sim;
      poller = new Poller(s.client, new RequestBudget(600, () => clock), OPTIONS, () => clock);
      while (!poller.health.backfilled) await poller.pollOnce();
      clock += 60_000;
      await poller.pollOnce();
      const from = poller.retainedFrom;
      const released = s.sim.floor.query(from, clock, clock);
      const expected = eventTuples(released.map((e) => ({ ...e, time: asKoreReads(e.time) })).filter((e) => e.time >= from));
      expect(heldTuples(poller, from)).toEqual(expected);
      const repeated = released.filter((e) => asKoreReads(e.time) !== e.time).length;
      // The window holds the change, with events in the hour on each side of it (and, in autumn, in the hour seen twice).
      const near = (a: number, b: number) => released.some((e) => e.time >= Date.parse(change) + a && e.time < Date.parse(change) + b);
      expect(near(-3_600_000, 0) && near(0, 3_600_000)).toBe(true);
      if (at.startsWith("2026-11")) expect(repeated).toBeGreaterThan(0);
      else expect(repeated).toBe(0);
    });
  }
});
