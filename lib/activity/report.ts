import type { Vocabulary } from "@/lib/states/vocabulary";
import { timelineTotals, type Segment } from "./timeline";

/**
 * Where time went, per row of a report (an interval of the wall clock, or the whole window):
 * seconds in each activity and with each reason code, the time not known, and the changes of
 * state that began in the row. Pure arithmetic over an agent's timeline segments (the same
 * segments the drill-down draws), so a report and the drill-down agree to the second.
 */

export interface ReportCell {
  start: number;
  /** The row's end, never after `until` (time after now is not counted). */
  end: number;
  /** Activity as sent → seconds. */
  seconds: Record<string, number>;
  /** Reason code → seconds (time with a reason code only). */
  reasonSeconds: Record<string, number>;
  /** Time in the row with no known state: before the first event, during a gap not yet read. */
  unknownSeconds: number;
  /** Segments that began inside the row (and after the window's start): changes of state or reason. */
  changes: number;
}

const SECOND = 1000;

/**
 * One agent's rows. `bounds` are the rows' boundaries (`intervalBoundaries`), `segments` the
 * agent's timeline over [bounds[0], bounds.at(-1)] (clipped to it; end null: still going), and
 * `until` the moment the report is made: the segment still going counts up to it, rows after it
 * are left out, and a row that holds it ends there. Times are whole seconds (the feed's are);
 * `seconds` plus `unknownSeconds` is the row's length.
 */
export function reportCells(segments: readonly Segment[], bounds: readonly number[], until: number): ReportCell[] {
  const windowStart = bounds[0]!;
  const cells: ReportCell[] = [];
  let k = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i]!;
    if (start >= until) break;
    const end = Math.min(bounds[i + 1]!, until);
    const seconds: Record<string, number> = {};
    const reasonSeconds: Record<string, number> = {};
    let knownMs = 0;
    let changes = 0;
    // Segments are in order and do not overlap: move past those that ended before this row.
    while (k < segments.length && (segments[k]!.end ?? until) <= start) k++;
    for (let j = k; j < segments.length; j++) {
      const s = segments[j]!;
      if (s.start >= end) break;
      if (s.start >= start && s.start > windowStart) changes++;
      const ms = Math.min(s.end ?? until, end) - Math.max(s.start, start);
      if (ms <= 0) continue;
      knownMs += ms;
      seconds[s.activity] = (seconds[s.activity] ?? 0) + ms / SECOND;
      if (s.reasonCode !== null) reasonSeconds[s.reasonCode] = (reasonSeconds[s.reasonCode] ?? 0) + ms / SECOND;
    }
    cells.push({ start, end, seconds, reasonSeconds, unknownSeconds: (end - start - knownMs) / SECOND, changes });
  }
  return cells;
}

export interface WindowFacts {
  firstLogin: number | null;
  lastLogout: number | null;
  longestNotReady: { start: number; end: number | null; ms: number } | null;
}

/**
 * What an agent's whole window says beyond its rows: the first login and the last logout seen
 * (a change between the `offline` family and any other, after unknown time counts as a login),
 * and the longest stretch of not ready, as the drill-down computes it.
 */
export function windowFacts(vocab: Vocabulary, segments: readonly Segment[], from: number, to: number, until: number): WindowFacts {
  let firstLogin: number | null = null;
  let lastLogout: number | null = null;
  let previous: Segment | null = null;
  for (const s of segments) {
    const offline = !vocab.loggedIn(s.activity);
    const after = previous !== null && previous.end === s.start ? previous : null;
    const wasOffline = after === null ? null : !vocab.loggedIn(after.activity);
    if (!offline && s.start > from && wasOffline !== false && firstLogin === null) firstLogin = s.start;
    if (offline && wasOffline === false) lastLogout = s.start;
    previous = s;
  }
  return { firstLogin, lastLogout, longestNotReady: timelineTotals(vocab, segments, { start: from, end: to }, until).longestNotReady };
}
