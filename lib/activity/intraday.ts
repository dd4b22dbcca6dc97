import { isLoggedIn } from "@/lib/states/family";
import type { Vocabulary } from "@/lib/states/vocabulary";
import type { ScheduleRow } from "./schedule";
import type { Segment } from "./timeline";

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
  segments: readonly Segment[];
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
    const { from, until, vocab } = this;
    if (cells.length === 0) return;
    // Every instant the schedule or the state changes, and the cells' edges: within each piece, one row and one segment hold.
    const cuts: number[] = [];
    for (const c of cells) cuts.push(c.start, c.end);
    for (const r of agent.rows) for (const t of [r.start, r.end]) if (t > from && t < until) cuts.push(t);
    for (const s of agent.segments) for (const t of [s.start, s.end ?? until]) if (t > from && t < until) cuts.push(t);
    const sorted = Float64Array.from(cuts).sort();
    let ri = 0;
    let si = 0;
    let ci = 0;
    for (let p = 0; p + 1 < sorted.length; p++) {
      const a = sorted[p]!;
      const b = sorted[p + 1]!;
      if (b === a) continue;
      while (ci < cells.length && cells[ci]!.end <= a) ci++;
      if (ci >= cells.length) break;
      const cell = cells[ci]!;
      // Between now and the next interval (the live one ends at now): counted nowhere.
      if (a < cell.start) continue;
      while (ri < agent.rows.length && agent.rows[ri]!.end <= a) ri++;
      const row = ri < agent.rows.length && agent.rows[ri]!.start <= a ? agent.rows[ri]! : null;
      while (si < agent.segments.length && (agent.segments[si]!.end ?? until) <= a) si++;
      const seg = si < agent.segments.length && agent.segments[si]!.start <= a ? agent.segments[si]! : null;
      const ms = b - a;
      const scheduled = row?.activity ?? null;
      if (scheduled === "work") {
        cell.scheduledOpen += ms;
        cell.scheduledWorkSeconds += ms / 1000;
      } else if (scheduled !== null && scheduled !== "off") add(cell.plannedShrinkage, scheduled, ms);
      if (cell.future) continue;
      if (!seg) {
        if (scheduled !== null && scheduled !== "off") cell.unknownSeconds += ms / 1000;
        continue;
      }
      const { family } = vocab.state(seg.activity);
      if (WORKING.has(family)) {
        cell.actualOpen = cell.actualOpen! + ms;
        cell.workedSeconds += ms / 1000;
      } else if (scheduled !== null && scheduled !== "off") {
        if (family === "notready") add(cell.actualShrinkage, (seg.reasonCode !== null ? vocab.reason(seg.reasonCode).category : null) ?? "other", ms);
        else if (!isLoggedIn(family) && scheduled === "work") add(cell.actualShrinkage, "logged_out", ms);
      }
    }
  }

  /** The cells, heads as agents (time-weighted over each cell). */
  cells(): IntradayCell[] {
    return this.list.map((c) => {
      const length = c.end - c.start;
      return { ...c, scheduledOpen: length > 0 ? c.scheduledOpen / length : 0, actualOpen: c.future ? null : length > 0 ? c.actualOpen! / length : 0, conformance: !c.future && c.scheduledWorkSeconds > 0 ? c.workedSeconds / c.scheduledWorkSeconds : null };
    });
  }
}
