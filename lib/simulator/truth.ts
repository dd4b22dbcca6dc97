import type { SimEvent } from "./floor";

/**
 * The simulator's own account of what a perfect reader of its feed knows, for tests to hold
 * Floorview against. Written apart from Floorview's code (lib/activity), so that a mistake there
 * cannot hide in the expectation.
 */

export interface TruthSegment {
  activity: string;
  reasonCode: string | null;
  start: number;
  /** null: still going at the live edge. */
  end: number | null;
}

/**
 * One agent's states over [from, to): runs of identical (activity, reason), each from its first
 * event to the next different one. Only events at or after `knownFrom` are seen (before it the
 * state is unknown). With `liveEdge` the last run is still going (open when `to` is past the
 * edge); without it the feed is closed at `to`.
 */
export function truthSegments(events: readonly SimEvent[], opts: { from: number; to: number; knownFrom: number; liveEdge: number | null }): TruthSegment[] {
  const { from, to, knownFrom, liveEdge } = opts;
  const runs: TruthSegment[] = [];
  const sorted = [...events].sort((a, b) => a.time - b.time);
  for (const e of sorted) {
    if (e.time < knownFrom) continue;
    if (liveEdge === null && e.time >= to) break;
    const reasonCode = e.reasonCode === "" ? null : e.reasonCode;
    const last = runs[runs.length - 1];
    if (last && last.activity === e.activity && last.reasonCode === reasonCode) continue;
    if (last) last.end = e.time;
    runs.push({ activity: e.activity, reasonCode, start: e.time, end: null });
  }
  const lastRun = runs[runs.length - 1];
  if (lastRun && liveEdge === null) lastRun.end = to;
  const out: TruthSegment[] = [];
  for (const r of runs) {
    if ((r.end ?? Infinity) <= from || r.start >= to) continue;
    const end = r.end === null ? (to > liveEdge! ? null : to) : Math.min(r.end, to);
    const start = Math.max(r.start, from);
    if (end !== null && end <= start) continue;
    out.push({ activity: r.activity, reasonCode: r.reasonCode, start, end });
  }
  return out;
}

interface AnyEvent {
  agentId: string;
  time: number;
  activity: string;
  /** The wire's "" and a reader's null both mean "no code". */
  reasonCode: string | null;
}

/** An event as one comparable line: agent, time, activity, reason. */
export const eventTuple = (e: AnyEvent): string => `${e.agentId} ${new Date(e.time).toISOString()} ${e.activity} ${e.reasonCode === "" || e.reasonCode === null ? "-" : e.reasonCode}`;

/** Released events as sorted tuples; an event sent twice is one event (Kore.ai's overlap re-sends). */
export function eventTuples(events: Iterable<AnyEvent>): string[] {
  const tuples = new Set<string>();
  for (const e of events) tuples.add(eventTuple(e));
  return [...tuples].sort();
}
