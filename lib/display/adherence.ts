import { addAdherence as add, noAdherence as zero, type AdherenceSums } from "@/lib/activity/adherence";
import type { AdherenceAgent } from "@/lib/api-types";
import { compareText } from "@/lib/states/collate";

/**
 * Adherence for the reports: seconds added up per team and for the floor, per interval and over
 * the window, then divided by the one rule (`lib/activity/adherence.ts`: a team's % is its
 * adherent seconds over its judged seconds, not an average of its agents' %).
 */

export { sumsPercent as adherencePercent, type AdherenceSums } from "@/lib/activity/adherence";

export interface AdherenceGroup {
  /** Team name; null: no team. */
  team: string | null;
  agents: number;
  total: AdherenceSums;
  /** Per interval, in the answer's order. */
  intervals: AdherenceSums[];
}

/** One agent's (or interval's) seconds as sums. */
export function sumsOf(x: Parameters<typeof add>[1]): AdherenceSums {
  const s = zero();
  add(s, x);
  return s;
}

/** Teams in `teamOrder` (then others by name, no team last), and the floor. */
export function adherenceGroups(agents: readonly AdherenceAgent[], teamOrder: readonly string[]): { teams: AdherenceGroup[]; floor: AdherenceGroup; starts: string[] } {
  const starts = agents.find((a) => a.intervals)?.intervals?.map((c) => c.start) ?? [];
  const byTeam = new Map<string | null, AdherenceGroup>();
  const floor: AdherenceGroup = { team: null, agents: 0, total: zero(), intervals: starts.map(zero) };
  for (const a of agents) {
    let g = byTeam.get(a.team);
    if (!g) byTeam.set(a.team, (g = { team: a.team, agents: 0, total: zero(), intervals: starts.map(zero) }));
    for (const group of [g, floor]) {
      group.agents++;
      add(group.total, a);
      a.intervals?.forEach((c, i) => group.intervals[i] && add(group.intervals[i]!, c));
    }
  }
  const rank = (t: string | null) => (t === null ? Infinity : teamOrder.includes(t) ? teamOrder.indexOf(t) : teamOrder.length);
  const teams = [...byTeam.values()].sort((x, y) => rank(x.team) - rank(y.team) || compareText(x.team ?? "", y.team ?? ""));
  return { teams, floor, starts };
}

/** Exceptions of each type an agent had (unscheduled apart: reported, not counted). */
export function exceptionCounts(a: AdherenceAgent): Record<"late" | "early_leave" | "wrong_activity" | "unscheduled", number> {
  const out = { late: 0, early_leave: 0, wrong_activity: 0, unscheduled: 0 };
  for (const e of a.exceptions) out[e.type]++;
  return out;
}
