import "server-only";
import { wallTimeToUtc, zoneOffset } from "@/lib/time/zone";
import type { DigestConfig } from "./config";

/**
 * A team's digest: when each is due, and what it says (the reports' numbers over its span and
 * the exceptions in it). Pure: the server reads the numbers, the sender sends them.
 */

const MIN = 60_000;
const DAY = 86_400_000;

/**
 * The latest time at or before `now` the digest is sent (a time of `at` on the wall clock of its
 * zone), and the one before it: the span it covers. With one time a day, the span is the day
 * before it (23 or 25 hours when the clocks change).
 */
export function digestSlot(d: Pick<DigestConfig, "at" | "zone">, now: number): { from: number; to: number } {
  const to = latestAtOrBefore(d, now);
  return { from: latestAtOrBefore(d, to - 1), to };
}

/** The next time after `now` the digest is sent. */
export function nextDigestTime(d: Pick<DigestConfig, "at" | "zone">, now: number): number {
  // Every time of `at` falls within a day (25 hours on a change of clocks): the earliest of those after now.
  let next = latestAtOrBefore(d, now + 26 * 60 * MIN);
  for (let before = latestAtOrBefore(d, next - 1); before > now; before = latestAtOrBefore(d, next - 1)) next = before;
  return next;
}

function latestAtOrBefore(d: Pick<DigestConfig, "at" | "zone">, t: number): number {
  const wallDay = Math.floor((t + zoneOffset(d.zone, t)) / DAY) * DAY;
  let best = -Infinity;
  for (let k = 0; k >= -2; k--) {
    for (const m of d.at) {
      const at = wallTimeToUtc(wallDay + k * DAY + m * MIN, d.zone);
      if (at <= t && at > best) best = at;
    }
    if (best > -Infinity) return best;
  }
  return best;
}

/** A digest's content: one team (or the whole floor) over [from, to). */
export interface DigestBody {
  /** The digest's name in the config ("Daily digest"). */
  name: string;
  /** The team; null: the whole floor (no teams in the labels config). */
  team: string | null;
  from: number;
  to: number;
  zone: string;
  /** False when part of the span could not be read (Kore.ai unreachable, not stored). */
  complete: boolean;
  /** Agents with any time logged in during the span. */
  agents: number;
  loggedInSeconds: number;
  /** Time by state (as the labels config names them), most first; offline left out. */
  states: { label: string; family: string; seconds: number }[];
  /** Not-ready reasons, most time first (at most five). */
  reasons: { label: string; seconds: number }[];
  /** Adherence of the scheduled agents; null when nobody in the team was scheduled. */
  /** The team's adherence as the reports page sums it: `percent` is adherent over judged (scheduled − `unknownSeconds`, time whose state is not known). */
  adherence: { percent: number | null; agents: number; scheduledSeconds: number; unknownSeconds: number; exceptions: { type: string; label: string; count: number }[] } | null;
  /** Agents over a break budget within the span; null when the team has no budget. */
  overBudget: { agentId: string; name: string | null; category: string; usedSeconds: number; budgetSeconds: number }[] | null;
  /** Behaviour flags raised in the span, by rule. */
  flags: { rule: string; label: string; count: number }[];
  /** Alerts raised in the span about the team, by rule. */
  alerts: { rule: string; count: number }[];
  /** Worth a look, oldest first (at most ten): the longest adherence exceptions and the flags (at least three when there are), who, what, when. */
  exceptions: { agentId: string; name: string | null; what: string; at: number; seconds: number | null }[];
  /** The reports page over the span for the team. */
  path: string;
}

/** One line for a notification's preview: "14 agents, 62 h 10 min logged in · adherence 91.2 % · 3 exceptions · 2 flags". */
export function digestDetail(b: DigestBody): string {
  const parts = [`${b.agents} agent${b.agents === 1 ? "" : "s"} logged in`];
  if (b.adherence) parts.push(`adherence ${b.adherence.percent === null ? "–" : `${b.adherence.percent} %`}`, `${b.adherence.exceptions.reduce((n, e) => n + e.count, 0)} adherence exceptions`);
  const flags = b.flags.reduce((n, f) => n + f.count, 0);
  parts.push(`${flags} flag${flags === 1 ? "" : "s"}`);
  if (b.overBudget) parts.push(`${b.overBudget.length} over a break budget`);
  const alerts = b.alerts.reduce((n, a) => n + a.count, 0);
  parts.push(`${alerts} alert${alerts === 1 ? "" : "s"}`);
  return parts.join(" · ");
}
