import { expect } from "vitest";
import { createKoreClient, type KoreClient } from "@/lib/kore/client";
import type { Poller, PollerOptions } from "@/lib/server/poller";
import { createTokenProvider } from "@/lib/kore/jwt";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/lib/simulator/server";

/** A poller for tests: 12 hours in one-hour chunks, small roster pages, quick retries. */
export function testPollerOptions(overrides: Partial<PollerOptions> = {}): PollerOptions {
  return {
    pollIntervalMs: 300,
    overlapMs: 90_000,
    backfillMs: 12 * 3_600_000,
    chunkMs: 3_600_000,
    rosterRefreshMs: 60_000,
    rosterPageSize: 7,
    unauthorizedRetryMs: 200,
    ...overrides,
  };
}

/** A simulator on a loopback port and a client that reaches it over real HTTP. */
export async function simulatorWithClient(
  overrides: Partial<SimulatorOptions> = {},
  clientOverrides: { timeoutMs?: number; maxBodyBytes?: number; enforceJti?: boolean; clientSecret?: string } = {},
): Promise<{ sim: RunningSimulator; client: KoreClient }> {
  const sim = await startSimulator({
    agents: 30,
    seed: "integration",
    accountId: "acc-1",
    streamId: "st-1",
    clientId: "cs-test",
    clientSecret: "test-secret-0123456789abcdef0123456789",
    timeZone: "Asia/Kolkata",
    live: false,
    ...overrides,
  });
  const client = clientFor(sim, clientOverrides);
  return { sim, client };
}

/** A client that reaches the simulator over real HTTP, with its credentials. */
export function clientFor(
  sim: RunningSimulator,
  overrides: { timeoutMs?: number; maxBodyBytes?: number; enforceJti?: boolean; clientSecret?: string } = {},
): KoreClient {
  return createKoreClient({
    baseUrl: sim.url,
    accountId: sim.options.accountId,
    streamId: sim.options.streamId,
    tokens: createTokenProvider({
      kind: "signed",
      clientId: sim.options.clientId,
      clientSecret: overrides.clientSecret ?? sim.options.clientSecret,
      enforceJti: overrides.enforceJti ?? sim.options.enforceJti ?? false,
    }),
    timeoutMs: overrides.timeoutMs ?? 5_000,
    maxBodyBytes: overrides.maxBodyBytes,
    eventTimeZone: sim.options.timeZone,
  });
}

/** Polls `check` until it returns true, or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The poller's picture must equal what a perfect reader of the same window would see: every
 * agent's state and since, and exactly the events released in it (nothing lost, nothing doubled).
 * The window is the poller's own (it moves with the clock); `backfillMs` bounds it.
 */
export function expectPollerMatchesTruth(p: Poller, s: RunningSimulator, backfillMs: number) {
  const now = Date.now();
  const from = Math.max(p.retainedFrom, now - backfillMs - 60_000);
  const truth = s.floor.truth(now, from);
  expect(truth.length).toBeGreaterThan(0);
  for (const t of truth) {
    expect(p.events.stateOf(t.agentId), t.agentId).toMatchObject({ activity: t.activity, reasonCode: t.reasonCode || null, since: t.since });
  }
  expect(p.events.size).toBe(s.floor.query(from, now, now).length);
}

/** An event `secondsAgo` old, released into the feed now (or at `releaseAt`). */
export const injected = (agentId: string, secondsAgo: number, activity: string, reasonCode = "", releaseAt = Date.now()) => ({
  agentId,
  // Whole seconds, as the feed has them, and never in the future.
  time: Math.floor((Date.now() - secondsAgo * 1000) / 1000) * 1000,
  activity,
  reasonCode,
  releaseAt,
});
