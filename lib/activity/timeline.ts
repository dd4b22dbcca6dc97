import type { Vocabulary } from "@/lib/states/vocabulary";

/**
 * One agent's day as segments: runs of identical (activity, reason code), from the event that
 * started the run to the event that ended it. Pure: shared by the server (the timeline API)
 * and the browser (totals that grow with the segment still going).
 */

/** The longest window a timeline covers: a week (`/api/agents/{id}/timeline` refuses more). */
export const MAX_WINDOW_MS = 7 * 24 * 3_600_000;

export interface Interval {
  start: number;
  end: number;
}

export interface Segment {
  activity: string;
  reasonCode: string | null;
  start: number;
  /** null: the state is still going (it holds up to the live edge of the feed). */
  end: number | null;
}

interface TimedState {
  time: number;
  activity: string;
  reasonCode: string | null;
}

export interface SegmentOptions {
  from: number;
  to: number;
  /**
   * Where the feed has been read completely, sorted and not overlapping. Outside these nothing
   * is known: a run ends where its interval ends, and after a gap the state is unknown until
   * the next event.
   */
  known: readonly Interval[];
  /** True when the last known interval reaches the live edge: its last run is still going. */
  live: boolean;
}

/** A state as segments name it. */
export interface SegmentState {
  activity: string;
  reasonCode: string | null;
}

/**
 * Segments as columns: the same segments as `buildSegments` gives, without an object for each
 * (a floor's day is hundreds of thousands of them: what reports keep and count).
 */
export interface SegmentColumns {
  starts: Float64Array;
  /** NaN: still going (`end: null`). */
  ends: Float64Array;
  /** Each segment's state, as a key of `table`. */
  states: Uint32Array;
  table: ReadonlyMap<number, SegmentState>;
}

/**
 * The one rule segments are built by, over events however they are held: runs of identical
 * states, from the event that began each to the one that ended it; a run ends where its known
 * interval ends (or goes on, in the live one); clipped to [from, to]. `emit` is given each
 * segment's first event and its span, oldest first. Events must be sorted by time.
 */
function eachSegment(count: number, timeOf: (i: number) => number, same: (a: number, b: number) => boolean, { from, to, known, live }: SegmentOptions, emit: (first: number, start: number, end: number | null) => void): void {
  const liveEdge = known.length > 0 ? known[known.length - 1]!.end : -Infinity;
  const close = (first: number, runStart: number, runEnd: number | null) => {
    if ((runEnd ?? Infinity) <= from || runStart >= to) return;
    const start = Math.max(runStart, from);
    const end = runEnd === null ? (to > liveEdge ? null : to) : Math.min(runEnd, to);
    if (end !== null && end <= start) return;
    emit(first, start, end);
  };
  let i = 0;
  for (let k = 0; k < known.length; k++) {
    const interval = known[k]!;
    const isLive = live && k === known.length - 1;
    const end = isLive ? Infinity : interval.end;
    while (i < count && timeOf(i) < interval.start) i++;
    let first = -1;
    for (; i < count && timeOf(i) < end; i++) {
      if (first >= 0 && same(first, i)) continue;
      if (first >= 0) close(first, timeOf(first), timeOf(i));
      first = i;
    }
    if (first >= 0) close(first, timeOf(first), isLive ? null : interval.end);
  }
}

/** Segments clipped to [from, to], oldest first. Events must be sorted by time. */
export function buildSegments(events: readonly TimedState[], options: SegmentOptions): Segment[] {
  const out: Segment[] = [];
  eachSegment(
    events.length,
    (i) => events[i]!.time,
    (a, b) => events[a]!.activity === events[b]!.activity && events[a]!.reasonCode === events[b]!.reasonCode,
    options,
    (first, start, end) => out.push({ activity: events[first]!.activity, reasonCode: events[first]!.reasonCode, start, end }),
  );
  return out;
}

/**
 * The same segments from events held as columns (times, and state keys of `table`: one key a
 * state, so equal keys are equal states), as columns.
 */
export function buildSegmentColumns(times: Float64Array, states: Uint32Array, table: ReadonlyMap<number, SegmentState>, options: SegmentOptions, first: { time: number; state: number } | null = null): SegmentColumns {
  // `first`: an event before all of `times` (the state the window opens in), as if it led them.
  const lead = first ? 1 : 0;
  const count = times.length + lead;
  const timeOf = first ? (i: number) => (i === 0 ? first.time : times[i - 1]!) : (i: number) => times[i]!;
  const stateOf = first ? (i: number) => (i === 0 ? first.state : states[i - 1]!) : (i: number) => states[i]!;
  // Every segment begins at an event: there are at most as many. Built in scratch columns, then copied to their size.
  if (SCRATCH.starts.length < count) SCRATCH = { starts: new Float64Array(count * 2), ends: new Float64Array(count * 2), states: new Uint32Array(count * 2) };
  const { starts, ends, states: out } = SCRATCH;
  let n = 0;
  eachSegment(
    count,
    timeOf,
    (a, b) => stateOf(a) === stateOf(b),
    options,
    (at, start, end) => {
      starts[n] = start;
      ends[n] = end ?? NaN;
      out[n++] = stateOf(at);
    },
  );
  return { starts: starts.slice(0, n), ends: ends.slice(0, n), states: out.slice(0, n), table };
}

let SCRATCH = { starts: new Float64Array(1024), ends: new Float64Array(1024), states: new Uint32Array(1024) };

/** Segments as columns. */
export function segmentColumns(segments: readonly Segment[]): SegmentColumns {
  // Each state's key by activity, then reason (no key string made per segment).
  const index = new Map<string, Map<string | null, number>>();
  const table = new Map<number, SegmentState>();
  const n = segments.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const states = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const s = segments[i]!;
    let byReason = index.get(s.activity);
    if (!byReason) index.set(s.activity, (byReason = new Map()));
    let k = byReason.get(s.reasonCode);
    if (k === undefined) {
      byReason.set(s.reasonCode, (k = table.size));
      table.set(k, { activity: s.activity, reasonCode: s.reasonCode });
    }
    starts[i] = s.start;
    ends[i] = s.end ?? NaN;
    states[i] = k;
  }
  return { starts, ends, states, table };
}

/** Segments from columns. */
export function segmentsOf(c: SegmentColumns): Segment[] {
  const out: Segment[] = new Array(c.starts.length);
  for (let i = 0; i < out.length; i++) {
    const st = c.table.get(c.states[i]!)!;
    const end = c.ends[i]!;
    out[i] = { activity: st.activity, reasonCode: st.reasonCode, start: c.starts[i]!, end: Number.isNaN(end) ? null : end };
  }
  return out;
}

/** An agent's state at one instant, as the segments have it. */
export interface StateAt {
  activity: string;
  reasonCode: string | null;
  /** When the state began: the first event of its run of identical states (as far back as `events` go). */
  since: number;
  /** The last event at or before the instant (the feed may repeat a state). */
  lastEventAt: number;
}

/**
 * The state an agent was in at `at` by the one rule segments are built by (`buildSegments`): null
 * when `at` lies where the feed is not known, or before any of the agent's events that are known.
 */
export function stateAt(events: readonly TimedState[], opts: { at: number; known: readonly Interval[]; live: boolean }): StateAt | null {
  const { at, known, live } = opts;
  const run = buildSegments(events, { from: -Infinity, to: at + 1, known, live }).find((s) => s.start <= at && (s.end === null || s.end > at));
  if (!run) return null;
  let lastEventAt = run.start;
  for (const e of events) {
    if (e.time > at) break;
    if (e.time >= run.start) lastEventAt = e.time;
  }
  return { activity: run.activity, reasonCode: run.reasonCode, since: run.start, lastEventAt };
}

/** Merges overlapping or touching intervals. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** The parts of [from, to] not covered by `known` (merged). */
export function missingIntervals(known: readonly Interval[], from: number, to: number): Interval[] {
  const out: Interval[] = [];
  let at = from;
  for (const k of known) {
    if (k.end <= at) continue;
    if (k.start >= to) break;
    if (k.start > at) out.push({ start: at, end: k.start });
    at = Math.max(at, k.end);
  }
  if (at < to) out.push({ start: at, end: to });
  return out;
}

export interface ActivityTotal {
  activity: string;
  ms: number;
}

export interface ReasonTotal {
  reasonCode: string;
  ms: number;
}

export interface TimelineTotals {
  byActivity: ActivityTotal[];
  byReason: ReasonTotal[];
  /** Segments that began inside the window: each is a change of state or reason. */
  changes: number;
  /** The longest unbroken stretch of not ready, whatever its reasons; end null if still going. */
  longestNotReady: { start: number; end: number | null; ms: number } | null;
  knownMs: number;
  /** Known time in any state but logged out (the `offline` family): what shares of time are of. */
  loggedInMs: number;
}

/**
 * Where the time went; the segment still going counts up to `now` (and never past the window).
 * Not ready is the vocabulary's `notready` family (a custom activity the labels config puts there counts).
 */
export function timelineTotals(vocab: Vocabulary, segments: readonly Segment[], window: Interval, now: number): TimelineTotals {
  const activity = new Map<string, number>();
  const reason = new Map<string, number>();
  let changes = 0;
  let knownMs = 0;
  let loggedInMs = 0;
  let stretch: { start: number; end: number | null; ms: number; until: number } | null = null;
  let longest: TimelineTotals["longestNotReady"] = null;
  const liveEnd = Math.min(now, window.end);
  for (const s of segments) {
    const end = s.end ?? Math.max(s.start, liveEnd);
    const ms = end - s.start;
    knownMs += ms;
    if (vocab.loggedIn(s.activity)) loggedInMs += ms;
    activity.set(s.activity, (activity.get(s.activity) ?? 0) + ms);
    if (s.reasonCode !== null) reason.set(s.reasonCode, (reason.get(s.reasonCode) ?? 0) + ms);
    if (s.start > window.start) changes++;
    if (vocab.state(s.activity).family === "notready") {
      if (stretch && stretch.until === s.start) {
        stretch.ms += ms;
        stretch.end = s.end;
        stretch.until = end;
      } else {
        stretch = { start: s.start, end: s.end, ms, until: end };
      }
      if (!longest || stretch.ms > longest.ms) longest = { start: stretch.start, end: stretch.end, ms: stretch.ms };
    } else {
      stretch = null;
    }
  }
  const byMs = <T extends { ms: number }>(a: T, b: T) => b.ms - a.ms;
  return {
    byActivity: [...activity].map(([a, ms]) => ({ activity: a, ms })).sort(byMs),
    byReason: [...reason].map(([r, ms]) => ({ reasonCode: r, ms })).sort(byMs),
    changes,
    longestNotReady: longest,
    knownMs,
    loggedInMs,
  };
}
