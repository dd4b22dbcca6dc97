import "server-only";
import type { AgentSnapshot } from "@/lib/api-types";
import { stateAt } from "@/lib/activity/timeline";
import { yieldToLoop } from "../feed/sleep";
import { prefetchSegments, readEvents, type TimelineSources } from "./timeline";

/**
 * The floor as it was at one past instant (`/api/agents?at=`): each agent's activity, reason,
 * `since` and last event then, by the rule the drill-down's segments follow (`stateAt`), from
 * memory, Floorview's store and, for what neither holds, Kore.ai inside the budget. An agent whose
 * state then cannot be known (a gap in the feed, before its first event) has none: never a guess.
 */

const HOUR = 3_600_000;
/** How far before the instant a read reaches: the state's own start beyond it comes from the agent's last change before it (the store knows it, however old). */
const WINDOW_MS = 2 * HOUR;
const BATCH = 500;

/** How far after the instant the next change is looked for (a scrubber's "next change"). */
const AHEAD_MS = 15 * 60_000;

export interface FloorAt {
  agents: AgentSnapshot[];
  /** Every agent's state at the instant is known (nothing was missing or still being read). */
  complete: boolean;
  /** The floor's last change of state before the instant (any agent's); null when none is known. */
  previousChangeAt: number | null;
  /** Its first change after the instant, within 15 minutes (and not after now); null when none. */
  nextChangeAt: number | null;
}

export async function floorAt(sources: TimelineSources, agents: readonly AgentSnapshot[], at: number, opts: { now: number; deadline: number }): Promise<FloorAt> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const from = at - WINDOW_MS;
  // The read goes a little past the instant, for the next change; the state is the one at it.
  const to = Math.max(at + 1, Math.min(at + AHEAD_MS, opts.now));
  const out: AgentSnapshot[] = [];
  let complete = true;
  let previousChangeAt: number | null = null;
  let nextChangeAt: number | null = null;
  for (let i = 0; i < agents.length; i += BATCH) {
    const batch = agents.slice(i, i + BATCH);
    if (i > 0) await yieldToLoop();
    const prefetch = await prefetchSegments(sources, batch.map((a) => a.agentId), from, to);
    for (const agent of batch) {
      const read = await readEvents({ ...sources, prefetch }, agent.agentId, from, to, opts);
      const state = stateAt(read.events, { at, known: read.known, live: read.live });
      if (read.pending || read.gaps.some((g) => g.start <= at && g.end > at)) complete = false;
      if (state && state.since < at && (previousChangeAt === null || state.since > previousChangeAt)) previousChangeAt = state.since;
      if (state && state.since === at) {
        // A change at the instant itself: the one before it is this agent's previous state's start.
        const before = stateAt(read.events, { at: at - 1, known: read.known, live: read.live });
        if (before && (previousChangeAt === null || before.since > previousChangeAt)) previousChangeAt = before.since;
      }
      const next = read.events.find((e) => e.time > at && (state === null || e.activity !== state.activity || e.reasonCode !== state.reasonCode));
      if (next && next.time < to && (nextChangeAt === null || next.time < nextChangeAt)) nextChangeAt = next.time;
      out.push({
        ...agent,
        activity: state?.activity ?? null,
        reasonCode: state?.reasonCode ?? null,
        since: iso(state?.since ?? null),
        lastEventAt: iso(state?.lastEventAt ?? null),
      });
    }
  }
  return { agents: out, complete, previousChangeAt, nextChangeAt };
}
