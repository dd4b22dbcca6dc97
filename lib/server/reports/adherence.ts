import "server-only";
import type { AdherenceAgent, AdherenceInterval, AdherenceReport, AgentSnapshot } from "@/lib/api-types";
import { adherence, adherenceReadFrom, type AdherenceRules, type AdjustmentSpan } from "@/lib/activity/adherence";
import { confirmationKey, spansFor, withConfirmations } from "@/lib/activity/adjustments";
import type { ScheduleRow } from "@/lib/activity/schedule";
import type { Vocabulary } from "@/lib/states/vocabulary";
import type { ScheduleStore } from "@/lib/store/schedule-store";
import { intervalBoundaries, type ReportInterval } from "@/lib/time/zone";
import { yieldToLoop } from "../feed/sleep";
import { prefetchedBatches, readSegments, type TimelineSources } from "./timeline";

/**
 * `/api/adherence`: each agent's schedule beside the very segments the drill-down draws (memory,
 * the store, then Kore.ai within the request budget) and the supervisors' adjustments in force,
 * judged by `lib/activity/adherence.ts`.
 */

const BATCH = 250;
const DAY = 86_400_000;

/** The first index of a list sorted by its ends (rows or segments: sorted, not overlapping) whose end is at or after `at` (null: still going). */
function firstEndingFrom<T extends { end: number | null }>(list: readonly T[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]!.end ?? Infinity) >= at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The same seconds per interval (cells after now left out; the one holding now ends there). Each
 * interval is judged on the rows and segments that reach into it (from its shift's start): a
 * month's day-by-day cells then cost a month, not a month per day.
 */
function intervalsOf(vocab: Vocabulary, rules: AdherenceRules, rows: readonly ScheduleRow[], segments: Parameters<typeof adherence>[3], adjust: readonly AdjustmentSpan[], bounds: readonly number[], now: number): AdherenceInterval[] {
  const out: AdherenceInterval[] = [];
  const cellRules = { ...rules, graceMs: Infinity, graceByActivity: undefined };
  for (let i = 0; i + 1 < bounds.length && bounds[i]! < now; i++) {
    const start = bounds[i]!;
    const end = Math.min(bounds[i + 1]!, now);
    const origin = Math.min(start, adherenceReadFrom(rows, start));
    const r0 = firstEndingFrom(rows, origin);
    let r1 = r0;
    while (r1 < rows.length && rows[r1]!.start < end) r1++;
    const s0 = firstEndingFrom(segments, origin);
    let s1 = s0;
    while (s1 < segments.length && segments[s1]!.start < end) s1++;
    const c = adherence(vocab, cellRules, rows.slice(r0, r1), segments.slice(s0, s1), start, end, now, adjust);
    out.push({ start: new Date(start).toISOString(), end: new Date(end).toISOString(), scheduledSeconds: c.scheduledMs / 1000, adherentSeconds: c.adherentMs / 1000, unknownSeconds: c.unknownMs / 1000, excusedSeconds: c.excusedMs / 1000, neutralSeconds: c.neutralMs / 1000, percent: c.percent });
  }
  return out;
}

/** The rules of FLOORVIEW_ADHERENCE_WORK and _GRACE_MINUTES, with the labels config's grace per activity. */
export function adherenceRules(config: { work: readonly string[]; graceMs: number }, graceByActivity: Readonly<Partial<Record<string, number>>> = {}, labels: { impact?: AdherenceRules["impact"] | null; auto?: AdherenceRules["auto"] } = {}): AdherenceRules {
  return { work: new Set(config.work), graceMs: config.graceMs, graceByActivity, ...(labels.impact && { impact: labels.impact }), ...(labels.auto && { auto: labels.auto }) };
}

/**
 * The agents given (already cut to the viewer's scope and the query) that have a schedule in
 * [from, to), and any in `always` (asked for by id) even without one.
 */
export async function adherenceReport(
  sources: TimelineSources & { schedules: ScheduleStore },
  vocab: Vocabulary,
  rules: AdherenceRules,
  q: { from: number; to: number; interval?: ReportInterval; tz?: string },
  agents: readonly AgentSnapshot[],
  always: ReadonlySet<string>,
  opts: { now: number; deadline: number },
): Promise<AdherenceReport> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const ids = agents.map((a) => a.agentId);
  // Rows from the day before too: a shift that began before the window (its rows adjacent up to
  // `from`) tells late from early leave.
  const all = await sources.schedules.rows(q.from - DAY, q.to, ids.length <= 1_000 ? ids : null);
  const byAgent = new Map<string, ScheduleRow[]>();
  const inWindow = new Set<string>();
  for (const r of all) {
    const list = byAgent.get(r.agentId);
    if (list) list.push(r);
    else byAgent.set(r.agentId, [r]);
    if (r.end > q.from) inWindow.add(r.agentId);
  }
  const chosen = agents.filter((a) => inWindow.has(a.agentId) || always.has(a.agentId));
  // The adjustments in force over the rows read (a shift begun the day before included).
  const adjustments = chosen.length > 0 ? await sources.schedules.adjustments.overlapping(q.from - DAY, q.to) : [];
  // And the exceptions a supervisor confirmed as they stand.
  const confirmed = new Set(chosen.length > 0 ? (await sources.schedules.adjustments.confirmations(q.from, q.to)).map((c) => confirmationKey(c.agentId, c.type, c.start)) : []);
  // Agents whose reads start together are read from the store together (most start at `from`).
  const groups = new Map<number, AgentSnapshot[]>();
  for (const a of chosen) {
    const from = adherenceReadFrom(byAgent.get(a.agentId) ?? [], q.from);
    const g = groups.get(from);
    if (g) g.push(a);
    else groups.set(from, [a]);
  }
  const results = new Map<string, AdherenceAgent>();
  let complete = true;
  const now = Math.floor(opts.now / 1000) * 1000;
  const bounds = q.interval && q.interval !== "total" ? intervalBoundaries(q.from, q.to, q.tz ?? "UTC", q.interval) : null;
  for (const [readFrom, group] of groups) {
    for await (const { start, prefetch } of prefetchedBatches(sources, group.map((a) => a.agentId), readFrom, q.to, BATCH)) {
      await yieldToLoop();
      for (const agent of group.slice(start, start + BATCH)) {
        const rows = byAgent.get(agent.agentId) ?? [];
        const read = await readSegments({ ...sources, prefetch }, agent.agentId, readFrom, q.to, opts);
        if (read.pending || read.gaps.some((g) => g.end > q.from)) complete = false;
        const adjust = adjustments.length > 0 ? spansFor(adjustments, agent.agentId, agent.team) : [];
        const a = adherence(vocab, rules, rows, read.segments, q.from, q.to, now, adjust);
        results.set(agent.agentId, {
          agentId: agent.agentId,
          name: agent.name,
          team: agent.team,
          scheduledSeconds: a.scheduledMs / 1000,
          adherentSeconds: a.adherentMs / 1000,
          unknownSeconds: a.unknownMs / 1000,
          excusedSeconds: a.excusedMs / 1000,
          neutralSeconds: a.neutralMs / 1000,
          unscheduledSeconds: a.unscheduledMs / 1000,
          percent: a.percent,
          current: a.current && { ...a.current, since: iso(a.current.since) },
          exceptions: withConfirmations(agent.agentId, a.exceptions, confirmed).map((e) => ({ type: e.type, scheduled: e.scheduled, actual: e.actual, reasonCode: e.reasonCode, start: iso(e.start), end: e.end === null ? null : iso(e.end), review: e.review, adjustment: e.adjustment, impact: e.impact, pending: e.pending })),
          ...(bounds && { intervals: intervalsOf(vocab, rules, rows, read.segments, adjust, bounds, now) }),
        });
      }
    }
  }
  const out = chosen.map((a) => results.get(a.agentId)!);
  return { from: iso(q.from), to: iso(q.to), asOf: iso(opts.now), complete, agents: out };
}
