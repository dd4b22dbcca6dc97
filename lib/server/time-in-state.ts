import "server-only";
import type { AgentSnapshot, TimeInStateAgent, TimeInStateReport, TimeInStateRow } from "@/lib/api-types";
import { reportCells, windowFacts } from "@/lib/activity/report";
import type { Vocabulary } from "@/lib/states/vocabulary";
import { intervalBoundaries, type ReportInterval } from "@/lib/time/zone";
import { yieldToLoop } from "./sleep";
import { prefetchSegments, readSegments, type TimelineSources } from "./timeline";

/**
 * Where the floor's time went, the arithmetic of `/api/reports/time-in-state` (and of a digest):
 * one row per agent per interval of the wall clock of a zone, each the sum of the agent's
 * timeline segments (the very segments the drill-down draws, read the same way: memory, the
 * store, then Kore.ai within the request budget), so a report agrees with the drill-down and with
 * the feed to the second. The route's query and its checks are in `reports.ts`.
 */

const DAY = 86_400_000;
/**
 * Agents whose store part is read together: 250 for a day, fewer for a longer window (about as
 * many events a batch); beyond a week each agent's own read is as quick (measured: bench:reports).
 */
const prefetchBatch = (windowMs: number) => (windowMs > 7 * DAY ? 0 : Math.max(10, Math.min(250, Math.round((250 * DAY) / windowMs))));

/**
 * The report, reading what is not known yet until `deadline`; `complete` is false while some of
 * the window is still being read (or could not be).
 */
export async function timeInState(sources: TimelineSources, vocab: Vocabulary, q: { from: number; to: number; interval: ReportInterval; tz: string }, agents: readonly AgentSnapshot[], opts: { now: number; deadline: number }): Promise<TimeInStateReport> {
  const bounds = intervalBoundaries(q.from, q.to, q.tz, q.interval);
  // Whole seconds: the feed's times are, and so every row adds up exactly.
  const until = Math.min(Math.floor(opts.now / 1000) * 1000, q.to);
  const iso = (ms: number) => new Date(ms).toISOString();
  const rows: TimeInStateRow[] = [];
  const facts: TimeInStateAgent[] = [];
  let complete = true;
  // The store's part in batches of agents, a few queries each, instead of four queries an agent.
  let prefetched: { upTo: number; prefetch: Awaited<ReturnType<typeof prefetchSegments>> } = { upTo: 0, prefetch: null };
  const batchSize = prefetchBatch(q.to - q.from);
  for (const [i, agent] of agents.entries()) {
    // Every 25 agents (a few milliseconds), what else waits (a screen's request, an alert) goes first.
    if (i > 0 && i % 25 === 0) await yieldToLoop();
    if (batchSize > 0 && i >= prefetched.upTo) {
      const batch = agents.slice(i, i + batchSize).map((a) => a.agentId);
      prefetched = { upTo: i + batch.length, prefetch: await prefetchSegments(sources, batch, q.from, q.to) };
    }
    const read = await readSegments({ ...sources, prefetch: prefetched.prefetch }, agent.agentId, q.from, q.to, opts);
    if (read.pending || read.gaps.length > 0) complete = false;
    for (const c of reportCells(read.segments, bounds, until)) {
      rows.push({ agentId: agent.agentId, name: agent.name, team: agent.team, start: iso(c.start), end: iso(c.end), seconds: c.seconds, reasonSeconds: c.reasonSeconds, unknownSeconds: c.unknownSeconds, changes: c.changes });
    }
    const f = windowFacts(vocab, read.segments, q.from, q.to, until);
    const longest = f.longestNotReady;
    facts.push({
      agentId: agent.agentId,
      firstLogin: f.firstLogin === null ? null : iso(f.firstLogin),
      lastLogout: f.lastLogout === null ? null : iso(f.lastLogout),
      longestNotReady: longest && { start: iso(longest.start), end: longest.end === null ? null : iso(longest.end), seconds: longest.ms / 1000 },
    });
  }
  return { from: iso(q.from), to: iso(q.to), interval: q.interval, tz: q.tz, complete, asOf: iso(opts.now), rows, agents: facts };
}
