import { afterEach, describe, expect, it, vi } from "vitest";
import type { UpstreamStatus } from "@/lib/api-types";
import type { FaultMode, RunningSimulator } from "@/lib/simulator/server";
import { clientFor, expectPollerMatchesTruth, injected, simulatorWithClient, waitFor } from "@/test/simulator";
import { Poller, type PollerOptions } from "./poller";
import { RequestBudget } from "./request-budget";
import { upstreamSnapshot } from "./snapshot";

/**
 * Every way Kore.ai can misbehave, over real HTTP: the status Floorview reports, the last data
 * kept (and marked stale), memory bounded, and after recovery exactly the picture a fault-free
 * reader would have: nothing lost, nothing doubled.
 */

const HOUR = 3_600_000;
const OPTIONS: PollerOptions = {
  pollIntervalMs: 200,
  overlapMs: 90_000,
  backfillMs: 12 * HOUR,
  chunkMs: HOUR,
  rosterRefreshMs: 60_000,
  rosterPageSize: 50,
  unauthorizedRetryMs: 400,
};
const STALE_AFTER_MS = 1_000;

let sim: RunningSimulator | null = null;
let poller: Poller | null = null;
afterEach(async () => {
  await poller?.stop();
  await sim?.close();
  sim = null;
  poller = null;
});

async function running() {
  const s = await simulatorWithClient({ rateLimitPerMinute: 100_000 }, { timeoutMs: 500, maxBodyBytes: 8 * 1024 * 1024 });
  sim = s.sim;
  poller = new Poller(s.client, new RequestBudget(600), OPTIONS);
  poller.start();
  await waitFor(() => poller!.health.status === "ok" && poller!.rosterLoadedAt !== null, 10_000, "backfill");
  return { sim: s.sim, poller };
}

/** Agents with no change of their own in the last 2 minutes: injected changes are their newest. */
function quietAgents(s: RunningSimulator): string[] {
  const recent = new Set(s.floor.query(Date.now() - 120_000, Date.now(), Date.now()).map((e) => e.agentId));
  return s.floor.agents.filter((a) => !recent.has(a.agentId)).map((a) => a.agentId);
}

interface Case {
  name: string;
  mode: FaultMode | "refused";
  expect: UpstreamStatus[];
  extra?: Record<string, number>;
}

const CASES: Case[] = [
  { name: "500", mode: "http_500", expect: ["degraded", "down"] },
  { name: "503", mode: "http_503", expect: ["degraded", "down"] },
  { name: "401 refused credentials", mode: "unauthorized", expect: ["unauthorized"] },
  { name: "403 forbidden", mode: "forbidden", expect: ["unauthorized"] },
  { name: "429 with Retry-After", mode: "rate_limit", expect: ["rate_limited"], extra: { retryAfterSeconds: 1 } },
  { name: "a timeout", mode: "timeout", expect: ["degraded", "down"], extra: { delayMs: 2_000 } },
  { name: "a dropped connection", mode: "reset", expect: ["degraded", "down"] },
  { name: "connection refused", mode: "refused", expect: ["degraded", "down"] },
  { name: "malformed JSON", mode: "malformed_json", expect: ["degraded", "down"] },
  { name: "a body of the wrong shape", mode: "wrong_shape", expect: ["degraded", "down"] },
  { name: "a 50 MB body", mode: "huge_body", expect: ["degraded", "down"], extra: { sizeBytes: 50 * 1024 * 1024 } },
];

describe("every upstream fault, survived", () => {
  for (const c of CASES) {
    it(`${c.name}: reports ${c.expect.join(" or ")}, keeps the last data as stale, then recovers exactly`, async () => {
      const { sim, poller } = await running();
      const [a, b] = quietAgents(sim);
      const before = new Map(sim.floor.agents.map((x) => [x.agentId, poller.events.stateOf(x.agentId)]));
      // Memory as the process holds it, Buffers included (a buffered body lives there, not on the heap).
      const held = () => {
        gc!();
        const m = process.memoryUsage();
        return m.heapUsed + m.arrayBuffers;
      };
      const heldBefore = held();

      if (c.mode === "refused") await sim.stopListening();
      else sim.setFault({ mode: c.mode, target: "activity", ...c.extra });
      const faultAt = Date.now();
      // Changes that happen while Kore.ai misbehaves, released during the fault.
      sim.floor.inject(injected(a!, 0, "notready", "6"));
      sim.floor.inject(injected(b!, 0, "busy"));

      await waitFor(() => c.expect.includes(poller.health.status), 10_000, c.expect.join("|"));
      expect(poller.health.lastError).not.toBeNull();
      // The last good data stays: every agent as it was, none dropped.
      for (const [id, state] of before) expect(poller.events.stateOf(id)).toEqual(state);
      await new Promise((r) => setTimeout(r, STALE_AFTER_MS + 300));
      expect(upstreamSnapshot(poller, Date.now(), STALE_AFTER_MS).stale).toBe(true);
      // Nothing piles up while the fault lasts: at most what one read in flight holds (the 50 MB body is
      // refused at the 8 MB limit; lib/kore/client.integration.test.ts watches its peak).
      expect(held() - heldBefore).toBeLessThan(48 * 1024 * 1024);
      if (c.mode === "unauthorized" || c.mode === "forbidden") {
        // Bad credentials are retried slowly: never hammer a tenant.
        const calls = sim.requests.filter((r) => r.at > Date.now() - 1_000 && r.endpoint === "activity").length;
        expect(calls).toBeLessThanOrEqual(3);
      }

      if (c.mode === "refused") await sim.listenAgain();
      else sim.clearFaults();
      await waitFor(() => poller.health.status === "ok" && poller.coveredUntil > faultAt, 15_000, "recovery");
      await waitFor(() => poller.events.stateOf(a!)?.reasonCode === "6" && poller.events.stateOf(b!)?.activity === "busy", 5_000, "changes made during the fault");
      await expectPollerMatchesTruth(poller, sim, OPTIONS.backfillMs);
      expect(upstreamSnapshot(poller, Date.now(), 5_000).stale).toBe(false);
    });
  }

  it("a restart rebuilds the same picture from the backfill", async () => {
    const { sim, poller } = await running();
    const [a] = quietAgents(sim);
    sim.floor.inject(injected(a!, 0, "notready", "3"));
    await waitFor(() => poller.events.stateOf(a!)?.reasonCode === "3", 5_000, "change");
    await poller.stop();
    const stoppedAt = Date.now();

    // A new process: a fresh client and poller, nothing carried over, the same tenant.
    const restarted = new Poller(clientFor(sim), new RequestBudget(600), OPTIONS);
    restarted.start();
    try {
      await waitFor(() => restarted.health.status === "ok", 10_000, "backfill after restart");
      // The same picture, but for what Kore.ai released after the first one stopped (the floor's
      // last 30-second stack before the test began is released while it runs).
      const now = Date.now();
      const releasedSince = sim.floor.query(now - OPTIONS.backfillMs, now, now).filter((e) => e.releaseAt > stoppedAt - 1_000);
      const moved = new Set(releasedSince.map((e) => e.agentId));
      for (const x of sim.floor.agents) if (!moved.has(x.agentId)) expect(restarted.events.stateOf(x.agentId), x.agentId).toEqual(poller.events.stateOf(x.agentId));
      expect(restarted.events.size - poller.events.size).toBeLessThanOrEqual(releasedSince.length);
      expect(restarted.events.size).toBeGreaterThanOrEqual(poller.events.size);
      await expectPollerMatchesTruth(restarted, sim, OPTIONS.backfillMs);
    } finally {
      await restarted.stop();
    }
  });

  it("logs one JSON line per upstream call, never the token, and a warning when the status changes", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    const out = vi.spyOn(console, "log").mockImplementation(capture);
    const err = vi.spyOn(console, "error").mockImplementation(capture);
    const level = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "info";
    try {
      const { sim, poller } = await running();
      sim.setFault({ mode: "http_503", target: "activity" });
      await waitFor(() => poller.health.status !== "ok", 10_000, "failure");
      sim.clearFaults();
      await waitFor(() => poller.health.status === "ok", 10_000, "recovery");
      const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const calls = records.filter((r) => r.msg === "kore request");
      expect(calls.length).toBeGreaterThan(10);
      for (const c of calls) {
        expect(Object.keys(c).sort()).toEqual(["level", "method", "ms", "msg", "path", "status", "time"]);
        expect(String(c.path)).not.toContain("?");
      }
      expect(calls.some((c) => c.status === 503)).toBe(true);
      const changes = records.filter((r) => r.msg === "upstream status changed");
      expect(changes.some((c) => c.level === "warn" && c.from === "ok")).toBe(true);
      expect(changes.some((c) => c.to === "ok")).toBe(true);
      const all = lines.join("\n");
      expect(all).not.toContain(sim.options.clientSecret);
      expect(all).not.toMatch(/eyJ[\w-]+\.eyJ/);
    } finally {
      process.env.LOG_LEVEL = level;
      out.mockRestore();
      err.mockRestore();
    }
  });
});
