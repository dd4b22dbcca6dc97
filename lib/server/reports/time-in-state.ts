import "server-only";
import type { AgentSnapshot, TimeInStateAgent, TimeInStateReport, TimeInStateRow } from "@/lib/api-types";
import { reportCells, windowFacts } from "@/lib/activity/report";
import type { Vocabulary } from "@/lib/states/vocabulary";
import { intervalBoundaries, type ReportInterval } from "@/lib/time/zone";
import { yieldToLoop } from "../feed/sleep";
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

type ReportQueryOf = { from: number; to: number; interval: ReportInterval; tz: string };

/** One agent's part of a report: its rows (one per interval) and its facts over the window. */
export interface AgentReport {
  rows: TimeInStateRow[];
  facts: TimeInStateAgent;
  /** False while some of the window is still being read for this agent (or could not be). */
  complete: boolean;
}

/**
 * The report agent by agent, reading what is not known yet until `deadline`: each agent's rows
 * as soon as they are counted, so that an answer can be sent as it is made and never held whole
 * (a 5,000-agent day at 15 minutes is half a million rows). Every 25 agents (a few milliseconds)
 * what else waits (a screen's request, an alert) goes first.
 */
async function* timeInStateByAgent(sources: TimelineSources, vocab: Vocabulary, q: ReportQueryOf, agents: readonly AgentSnapshot[], opts: { now: number; deadline: number }): AsyncGenerator<AgentReport> {
  const bounds = intervalBoundaries(q.from, q.to, q.tz, q.interval);
  // Whole seconds: the feed's times are, and so every row adds up exactly.
  const until = Math.min(Math.floor(opts.now / 1000) * 1000, q.to);
  const iso = (ms: number) => new Date(ms).toISOString();
  // The store's part in batches of agents, a few queries each, instead of four queries an agent.
  let prefetched: { upTo: number; prefetch: Awaited<ReturnType<typeof prefetchSegments>> } = { upTo: 0, prefetch: null };
  const batchSize = prefetchBatch(q.to - q.from);
  for (const [i, agent] of agents.entries()) {
    if (i > 0 && i % 25 === 0) await yieldToLoop();
    if (batchSize > 0 && i >= prefetched.upTo) {
      const batch = agents.slice(i, i + batchSize).map((a) => a.agentId);
      prefetched = { upTo: i + batch.length, prefetch: await prefetchSegments(sources, batch, q.from, q.to) };
    }
    const read = await readSegments({ ...sources, prefetch: prefetched.prefetch }, agent.agentId, q.from, q.to, opts);
    const rows: TimeInStateRow[] = [];
    for (const c of reportCells(read.segments, bounds, until)) {
      rows.push({ agentId: agent.agentId, name: agent.name, team: agent.team, start: iso(c.start), end: iso(c.end), seconds: c.seconds, reasonSeconds: c.reasonSeconds, unknownSeconds: c.unknownSeconds, changes: c.changes });
    }
    const f = windowFacts(vocab, read.segments, q.from, q.to, until);
    const longest = f.longestNotReady;
    yield {
      rows,
      complete: !read.pending && read.gaps.length === 0,
      facts: {
        agentId: agent.agentId,
        firstLogin: f.firstLogin === null ? null : iso(f.firstLogin),
        lastLogout: f.lastLogout === null ? null : iso(f.lastLogout),
        longestNotReady: longest && { start: iso(longest.start), end: longest.end === null ? null : iso(longest.end), seconds: longest.ms / 1000 },
      },
    };
  }
}

/** The report whole (a digest's, a CSV's), reading what is not known yet until `deadline`; `complete` is false while some of the window is still being read (or could not be). */
export async function timeInState(sources: TimelineSources, vocab: Vocabulary, q: ReportQueryOf, agents: readonly AgentSnapshot[], opts: { now: number; deadline: number }): Promise<TimeInStateReport> {
  const rows: TimeInStateRow[] = [];
  const facts: TimeInStateAgent[] = [];
  let complete = true;
  for await (const a of timeInStateByAgent(sources, vocab, q, agents, opts)) {
    for (const r of a.rows) rows.push(r);
    facts.push(a.facts);
    if (!a.complete) complete = false;
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  return { from: iso(q.from), to: iso(q.to), interval: q.interval, tz: q.tz, complete, asOf: iso(opts.now), rows, agents: facts };
}

/**
 * The report as JSON text, written agent by agent as it is counted: the same object as
 * `JSON.stringify(await timeInState(…))` with `complete` last (known once every agent is read).
 */
export async function* timeInStateJson(sources: TimelineSources, vocab: Vocabulary, q: ReportQueryOf, agents: readonly AgentSnapshot[], opts: { now: number; deadline: number }): AsyncGenerator<string> {
  const iso = (ms: number) => new Date(ms).toISOString();
  yield `{"from":${JSON.stringify(iso(q.from))},"to":${JSON.stringify(iso(q.to))},"interval":${JSON.stringify(q.interval)},"tz":${JSON.stringify(q.tz)},"asOf":${JSON.stringify(iso(opts.now))},"rows":[`;
  const facts: TimeInStateAgent[] = [];
  let complete = true;
  let first = true;
  for await (const a of timeInStateByAgent(sources, vocab, q, agents, opts)) {
    if (a.rows.length > 0) {
      yield `${first ? "" : ","}${a.rows.map((r) => JSON.stringify(r)).join(",")}`;
      first = false;
    }
    facts.push(a.facts);
    if (!a.complete) complete = false;
  }
  yield `],"agents":${JSON.stringify(facts)},"complete":${complete}}`;
}
