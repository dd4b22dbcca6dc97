import "server-only";
import type { AgentSnapshot, IntradayAnswer } from "@/lib/api-types";
import { IntradayTally } from "@/lib/activity/intraday";
import { requiredPerInterval } from "@/lib/activity/staffing";
import type { ScheduleRow } from "@/lib/activity/schedule";
import type { Vocabulary } from "@/lib/states/vocabulary";
import type { ScheduleStore } from "@/lib/store/schedule-store";
import { intervalBoundaries } from "@/lib/time/zone";
import { yieldToLoop } from "../feed/sleep";
import { prefetchedBatches, readSegmentColumns, type TimelineSources } from "./timeline";

/**
 * `/api/intraday`: a day of the floor against its plan, interval by interval — every agent given
 * (scheduled or not: working unscheduled counts as open), their schedules, and the very segments
 * the drill-down draws (memory, the store, Kore.ai within the budget), tallied by
 * `lib/activity/intraday.ts`. The interval holding now is counted up to now.
 */

const BATCH = 250;
const round2 = (x: number) => Math.round(x * 100) / 100;

export async function intradayReport(
  sources: TimelineSources & { schedules: ScheduleStore },
  vocab: Vocabulary,
  q: { from: number; to: number; date: string; tz: string; interval: "15m" | "30m" | "1h"; teams?: readonly string[] },
  agents: readonly AgentSnapshot[],
  opts: { now: number; deadline: number },
): Promise<IntradayAnswer> {
  const now = Math.floor(opts.now / 1000) * 1000;
  const bounds = intervalBoundaries(q.from, q.to, q.tz, q.interval);
  const tally = new IntradayTally(vocab, bounds, now);
  const ids = agents.map((a) => a.agentId);
  const rows = await sources.schedules.rows(q.from, q.to, ids.length <= 1_000 ? ids : null);
  const byAgent = new Map<string, ScheduleRow[]>();
  for (const r of rows) {
    const list = byAgent.get(r.agentId);
    if (list) list.push(r);
    else byAgent.set(r.agentId, [r]);
  }
  let complete = true;
  const until = Math.min(q.to, now);
  if (until > q.from) {
    // The next batch's store read goes on (on the store's read thread) while this one is counted.
    for await (const { start, prefetch } of prefetchedBatches(sources, ids, q.from, until, BATCH)) {
      await yieldToLoop();
      for (const agent of agents.slice(start, start + BATCH)) {
        const read = await readSegmentColumns({ ...sources, prefetch }, agent.agentId, q.from, until, opts);
        if (read.pending || read.gaps.length > 0) complete = false;
        tally.add({ rows: byAgent.get(agent.agentId) ?? [], segments: read.segments });
      }
    }
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const cells = tally.cells();
  // Required staff, where a staffing sheet reaches (a line holds up to an hour: read from an hour before).
  const required = requiredPerInterval(await sources.schedules.staffing.between(q.from - 3_600_000, q.to), cells, q.teams && q.teams.length > 0 ? q.teams : null);
  return {
    date: q.date,
    tz: q.tz,
    interval: q.interval,
    complete,
    asOf: iso(now),
    rows: cells.map((c, i) => ({
      start: iso(c.start),
      end: iso(c.end),
      scheduledOpen: round2(c.scheduledOpen),
      actualOpen: c.actualOpen === null ? null : round2(c.actualOpen),
      diff: c.actualOpen === null ? null : round2(c.actualOpen - (required[i] ?? c.scheduledOpen)),
      required: required[i] === null ? null : round2(required[i]!),
      plannedShrinkage: c.plannedShrinkage,
      actualShrinkage: c.actualShrinkage,
      conformance: c.conformance === null ? null : round2(c.conformance),
      unknownSeconds: c.unknownSeconds,
      live: !c.future && c.end === now && now < q.to,
    })),
  };
}
