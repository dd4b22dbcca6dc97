import { expect } from "vitest";
import { createKoreClient, type KoreClient } from "@/lib/kore/client";
import type { Poller, PollerOptions } from "@/lib/server/feed/poller";
import { createTokenProvider } from "@/lib/kore/jwt";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/lib/simulator/server";
import { eventTuple, eventTuples } from "@/lib/simulator/truth";

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

/** Every event a poller holds from `from` on, one tuple each, duplicates kept (a doubled event shows). */
export function heldTuples(p: Poller, from = -Infinity): string[] {
  return [...p.events.agentIds()].flatMap((agentId) => p.events.eventsOf(agentId, from)).map(eventTuple).sort();
}

/** What separates a poller's picture from the truth: events missing, events it should not hold, states wrong. */
export interface TruthDiff {
  missing: string[];
  extra: string[];
  states: string[];
}

/**
 * `statesFrom`: where the truth's "since" may begin. A poller that started from a store holds each
 * agent's run from before its window (the store's anchor), so its states are judged against the
 * truth from where the store's history begins, not from the window.
 */
export function pollerVsTruth(p: Poller, s: RunningSimulator, backfillMs: number, statesFrom?: number): TruthDiff | null {
  const now = s.options.now?.() ?? Date.now();
  const from = Math.max(p.retainedFrom, now - backfillMs - 60_000);
  const released = eventTuples(s.floor.query(from, now, now));
  if (released.length === 0) throw new Error("the simulator released no events in the window: nothing to compare");
  // As multisets: an event held twice is one too many, whatever the other events.
  const left = new Map<string, number>();
  for (const t of released) left.set(t, (left.get(t) ?? 0) + 1);
  const extra: string[] = [];
  for (const t of heldTuples(p, from)) {
    const n = left.get(t) ?? 0;
    if (n === 0) extra.push(t);
    else left.set(t, n - 1);
  }
  const missing = [...left].filter(([, n]) => n > 0).map(([t]) => t);
  const states: string[] = [];
  for (const t of s.floor.truth(now, statesFrom ?? from)) {
    const held = p.events.stateOf(t.agentId);
    const want = { activity: t.activity, reasonCode: t.reasonCode || null, since: t.since };
    if (!held || held.activity !== want.activity || held.reasonCode !== want.reasonCode || held.since !== want.since) {
      states.push(`${t.agentId}: held ${JSON.stringify(held && { activity: held.activity, reasonCode: held.reasonCode, since: new Date(held.since).toISOString() })}, truth ${JSON.stringify({ ...want, since: new Date(want.since).toISOString() })}`);
    }
  }
  return missing.length || extra.length || states.length ? { missing: missing.slice(0, 20), extra: extra.slice(0, 20), states: states.slice(0, 20) } : null;
}

/**
 * The poller's picture must equal what a perfect reader of the same window would see, judged by
 * the simulator, not by Floorview's code: every event the feed released in the window, tuple by
 * tuple (agent, time, activity, reason), none lost, none doubled, none extra; and every agent's
 * state and since. The poller keeps reading while this looks (events of a 30-second stack may be
 * released between two polls), so the two must agree within `timeoutMs`; a lost, doubled or
 * invented event never does. The window is the poller's own; `backfillMs` bounds it.
 */
export async function expectPollerMatchesTruth(p: Poller, s: RunningSimulator, backfillMs: number, timeoutMs = 3_000, statesFrom?: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const diff = pollerVsTruth(p, s, backfillMs, statesFrom);
    if (diff === null) return;
    if (Date.now() > deadline) expect(diff, "the poller's events and states against the simulator's truth").toBeNull();
    await new Promise((r) => setTimeout(r, 50));
  }
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
