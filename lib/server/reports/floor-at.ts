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

export interface FloorAt {
  agents: AgentSnapshot[];
  /** Every agent's state at the instant is known (nothing was missing or still being read). */
  complete: boolean;
}

export async function floorAt(sources: TimelineSources, agents: readonly AgentSnapshot[], at: number, opts: { now: number; deadline: number }): Promise<FloorAt> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const from = at - WINDOW_MS;
  // The read ends just past the instant: whatever began at it counts, nothing after.
  const to = at + 1;
  const out: AgentSnapshot[] = [];
  let complete = true;
  for (let i = 0; i < agents.length; i += BATCH) {
    const batch = agents.slice(i, i + BATCH);
    if (i > 0) await yieldToLoop();
    const prefetch = await prefetchSegments(sources, batch.map((a) => a.agentId), from, to);
    for (const agent of batch) {
      const read = await readEvents({ ...sources, prefetch }, agent.agentId, from, to, opts);
      const state = stateAt(read.events, { at, known: read.known, live: read.live });
      if (read.pending || read.gaps.some((g) => g.start <= at && g.end > at)) complete = false;
      out.push({
        ...agent,
        activity: state?.activity ?? null,
        reasonCode: state?.reasonCode ?? null,
        since: iso(state?.since ?? null),
        lastEventAt: iso(state?.lastEventAt ?? null),
      });
    }
  }
  return { agents: out, complete };
}
