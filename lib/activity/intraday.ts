import { isLoggedIn } from "@/lib/states/family";
import type { Vocabulary } from "@/lib/states/vocabulary";
import type { ScheduleRow } from "./schedule";
import { segmentColumns, type Segment, type SegmentColumns, type SegmentState } from "./timeline";

/**
 * Intraday: the floor against the plan, interval by interval. For each interval [start, end) of
 * the day (up to `now` for the one holding it):
 *
 * - `scheduledOpen` = Σ agents' seconds scheduled `work` in it ÷ its seconds (time-weighted heads);
 * - `actualOpen` = Σ agents' seconds in the ready, busy and after-call-work families ÷ its seconds;
 * - `plannedShrinkage[c]` = Σ seconds scheduled as reason category `c` (break, lunch, training, …;
 *   `off` is not planned time);
 * - `actualShrinkage[c]` = Σ seconds not ready with a reason of category `c` (no reason: `other`)
 *   while scheduled anything but `off`, and `logged_out`: logged out while scheduled `work`;
 * - `conformance` = Σ seconds worked (the families above, scheduled or not) ÷ Σ seconds scheduled `work`;
 * - `unknownSeconds` = seconds of scheduled agents whose state is not known: counted in none of the above.
 *
 * Pure: the server hands it each agent's rows and segments (`lib/server/reports/intraday.ts`).
 */

export interface IntradayAgent {
  rows: readonly ScheduleRow[];
  segments: readonly Segment[] | SegmentColumns;
}

export interface IntradayCell {
  start: number;
  /** The interval's end; for the one holding now, now. */
  end: number;
  /** After now: only what is planned is known (actual figures null). */
  future: boolean;
  /** The interval's length up to now (its seconds for the heads). */
  seconds: number;
  scheduledOpen: number;
  /** null for an interval after now. */
  actualOpen: number | null;
  plannedShrinkage: Record<string, number>;
  actualShrinkage: Record<string, number>;
  /** null while nothing is scheduled `work` in it. */
  conformance: number | null;
  unknownSeconds: number;
  /** Seconds scheduled `work` and worked, in all (for sums over intervals). */
  scheduledWorkSeconds: number;
  workedSeconds: number;
}

const WORKING = new Set(["ready", "busy", "acw"]);

/** What time in a state counts as: open (worked), shrinkage of a category (not ready), or logged out. */
interface StateKind {
  working: boolean;
  shrinkage: string | null;
  loggedOut: boolean;
}

/** The cells of the day's boundaries (`intervalBoundaries`): the one holding now counted up to now, those after it planned only. */
export function intradayCells(vocab: Vocabulary, agents: readonly IntradayAgent[], bounds: readonly number[], now: number): IntradayCell[] {
  const tally = new IntradayTally(vocab, bounds, now);
  for (const a of agents) tally.add(a);
  return tally.cells();
}

const add = (bag: Record<string, number>, key: string, ms: number) => (bag[key] = (bag[key] ?? 0) + ms / 1000);

/** The same, an agent at a time (a floor is read in batches): `add` each, then `cells`. */
export class IntradayTally {
  private readonly list: IntradayCell[] = [];
  private table: SegmentColumns["table"] | null = null;
  private byKey: StateKind[] = [];
  private readonly from: number;
  private readonly until: number;

  constructor(
    private readonly vocab: Vocabulary,
    bounds: readonly number[],
    now: number,
  ) {
    for (let i = 0; i + 1 < bounds.length; i++) {
      const start = bounds[i]!;
      const future = start >= now;
      const end = future ? bounds[i + 1]! : Math.min(bounds[i + 1]!, now);
      this.list.push({ start, end, future, seconds: (end - start) / 1000, scheduledOpen: 0, actualOpen: 0, plannedShrinkage: {}, actualShrinkage: {}, conformance: null, unknownSeconds: 0, scheduledWorkSeconds: 0, workedSeconds: 0 });
    }
    this.from = this.list[0]?.start ?? 0;
    this.until = this.list.at(-1)?.end ?? 0;
  }

  add(agent: IntradayAgent): void {
    const cells = this.list;
    if (cells.length === 0) return;
    const { from, until } = this;
    const { rows } = agent;
    const segs = "starts" in agent.segments ? agent.segments : segmentColumns(agent.segments);
    const { starts, ends, states, table } = segs;
    // A state's kind by its key in the table (the store's, shared by every agent of a read).
    if (table !== this.table) {
      this.table = table;
      this.byKey = [];
    }
    const count = starts.length;
    const endOf = (i: number) => (Number.isNaN(ends[i]!) ? until : ends[i]!);
    // One walk through the cells, the schedule's rows and the segments together: each piece
    // [t, b) ends where the cell, the row or the segment holding t ends (or the next one begins).
    let ri = 0;
    let si = 0;
    let ci = 0;
    let t = from;
    // The state's kind, looked up once a segment (a segment spans several pieces).
    let kindAt = -1;
    let kind: StateKind | null = null;
    while (t < until && ci < cells.length) {
      const cell = cells[ci]!;
      if (cell.end <= t) {
        ci++;
        continue;
      }
      // Between now and the next interval (the live one ends at now): counted nowhere.
      if (t < cell.start) {
        t = cell.start;
        continue;
      }
      while (ri < rows.length && rows[ri]!.end <= t) ri++;
      while (si < count && endOf(si) <= t) si++;
      const nextRow = rows[ri];
      const row = nextRow && nextRow.start <= t ? nextRow : null;
      const seg = si < count && starts[si]! <= t ? si : -1;
      let b = cell.end;
      if (nextRow) b = Math.min(b, row ? nextRow.end : nextRow.start);
      if (si < count) b = Math.min(b, seg >= 0 ? endOf(si) : starts[si]!);
      const ms = b - t;
      t = b;
      const scheduled = row?.activity ?? null;
      if (scheduled === "work") {
        cell.scheduledOpen += ms;
        cell.scheduledWorkSeconds += ms / 1000;
      } else if (scheduled !== null && scheduled !== "off") add(cell.plannedShrinkage, scheduled, ms);
      if (cell.future) continue;
      if (seg < 0) {
        if (scheduled !== null && scheduled !== "off") cell.unknownSeconds += ms / 1000;
        continue;
      }
      if (seg !== kindAt) {
        kindAt = seg;
        const key = states[seg]!;
        kind = this.byKey[key] ??= this.kindOf(table.get(key)!);
      }
      if (kind!.working) {
        cell.actualOpen = cell.actualOpen! + ms;
        cell.workedSeconds += ms / 1000;
      } else if (scheduled !== null && scheduled !== "off") {
        if (kind!.shrinkage !== null) add(cell.actualShrinkage, kind!.shrinkage, ms);
        else if (kind!.loggedOut && scheduled === "work") add(cell.actualShrinkage, "logged_out", ms);
      }
    }
  }

  /** What a state counts as (kept by its key in the segments' table: once a state). */
  private kindOf(state: SegmentState): StateKind {
    const { family } = this.vocab.state(state.activity);
    return {
      working: WORKING.has(family),
      shrinkage: family === "notready" ? ((state.reasonCode !== null ? this.vocab.reason(state.reasonCode).category : null) ?? "other") : null,
      loggedOut: family !== "notready" && !isLoggedIn(family),
    };
  }

  /** The cells, heads as agents (time-weighted over each cell). */
  cells(): IntradayCell[] {
    return this.list.map((c) => {
      const length = c.end - c.start;
      return { ...c, scheduledOpen: length > 0 ? c.scheduledOpen / length : 0, actualOpen: c.future ? null : length > 0 ? c.actualOpen! / length : 0, conformance: !c.future && c.scheduledWorkSeconds > 0 ? c.workedSeconds / c.scheduledWorkSeconds : null };
    });
  }
}
