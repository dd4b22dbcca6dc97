import "server-only";
import { addAdherence, EXCEPTION_NAMES, noAdherence, sumsPercent, type AdherenceRules } from "@/lib/activity/adherence";
import { overAllowed } from "@/lib/activity/budgets";
import { FLAG_NAMES } from "@/lib/activity/flags";
import type { DigestBody } from "@/lib/alerts/digest";
import { sameTeam } from "@/lib/auth/scope";
import { budgetFor, type Labels, type ReasonCategory } from "@/lib/states/labels";
import type { FlagConfig } from "@/lib/states/flag-rules";
import type { Vocabulary } from "@/lib/states/vocabulary";
import type { AlertStore } from "@/lib/store/alert-store";
import type { ScheduleStore } from "@/lib/store/schedule-store";
import { zoneOffset } from "@/lib/time/zone";
import { adherenceReport } from "../reports/adherence";
import { flagsReport } from "../reports/flags";
import { yieldToLoop } from "../feed/sleep";
import { timeInState } from "../reports/time-in-state";
import { agentSnapshots } from "../feed/snapshot";
import type { TimelineSources } from "../reports/timeline";
import { isLoggedIn } from "@/lib/states/family";

/**
 * A team's digest over a span: the reports' own numbers (time in state, adherence, flags, each by
 * the function its report route uses, so a digest agrees with the reports page to the second),
 * the break budgets passed, the alerts sent, and the exceptions worth a look.
 */

export interface DigestSources extends TimelineSources {
  schedules: ScheduleStore;
  alertStore: AlertStore;
  vocabulary: Vocabulary;
  labels: Labels;
  flagConfig: FlagConfig;
  adherenceRules: AdherenceRules;
  /** The floor's zone (where a day, and so a flag's shift, begins). */
  floorZone: string;
}

/** How long a digest may wait for Kore.ai to fill a part of the span the store lacks. */
const READ_WAIT_MS = 30_000;
const MOST_EXCEPTIONS = 10;
const MIN_FLAGS_SHOWN = 3;

/** "2026-11-30T07:00" in `zone`: the reports page's custom window. */
const localInput = (ms: number, zone: string) => new Date(ms + zoneOffset(zone, ms)).toISOString().slice(0, 16);

export async function buildDigest(s: DigestSources, name: string, zone: string, team: string | null, from: number, to: number, now: number): Promise<DigestBody> {
  // The deadline is the wall clock's (how long to wait for Kore.ai), whatever moment the digest is made as of.
  const opts = { now, deadline: Date.now() + READ_WAIT_MS };
  const vocab = s.vocabulary;
  const members = agentSnapshots(s.poller, s.teams).filter((a) => team === null || (a.team !== null && sameTeam(a.team, team)));
  const byId = new Map(members.map((a) => [a.agentId, a]));

  // Time in state: one row an agent over the whole span.
  const tis = await timeInState(s, vocab, { from, to, interval: "total", tz: zone }, members, opts);
  const stateSeconds = new Map<string, { label: string; family: string; seconds: number }>();
  const reasonSeconds = new Map<string, number>();
  let loggedIn = 0;
  let agents = 0;
  const overBudget: NonNullable<DigestBody["overBudget"]> = [];
  const hasBudget = s.labels.breaks !== undefined;
  for (const row of tis.rows) {
    let mine = 0;
    for (const [activity, sec] of Object.entries(row.seconds)) {
      const info = vocab.state(activity);
      if (!isLoggedIn(info.family)) continue;
      mine += sec;
      const entry = stateSeconds.get(info.key) ?? { label: info.label, family: info.family, seconds: 0 };
      entry.seconds += sec;
      stateSeconds.set(info.key, entry);
    }
    if (mine > 0) agents++;
    loggedIn += mine;
    const byCategory = new Map<ReasonCategory, number>();
    for (const [code, sec] of Object.entries(row.reasonSeconds)) {
      reasonSeconds.set(code, (reasonSeconds.get(code) ?? 0) + sec);
      const category = vocab.reason(code).category;
      if (category) byCategory.set(category, (byCategory.get(category) ?? 0) + sec);
    }
    if (hasBudget) {
      for (const [category, used] of byCategory) {
        const budget = budgetFor(s.labels, row.team, category);
        if (budget !== null && overAllowed(used, budget / 1000)) overBudget.push({ agentId: row.agentId, name: row.name, category, usedSeconds: used, budgetSeconds: budget / 1000 });
      }
    }
  }
  overBudget.sort((a, b) => b.usedSeconds - b.budgetSeconds - (a.usedSeconds - a.budgetSeconds));

  // Adherence of the scheduled agents, and its exceptions that began in the span.
  await yieldToLoop();
  const adh = await adherenceReport(s, vocab, s.adherenceRules, { from, to }, members, new Set(), opts);
  const exceptionCounts = new Map<string, number>();
  const outOfAdherence: DigestBody["exceptions"] = [];
  // The team's sum as the reports page adds it (unknown time is not judged).
  const sums = noAdherence();
  for (const a of adh.agents) {
    addAdherence(sums, a);
    for (const e of a.exceptions) {
      const start = Date.parse(e.start);
      if (start < from || start >= to) continue;
      exceptionCounts.set(e.type, (exceptionCounts.get(e.type) ?? 0) + 1);
      const end = e.end === null ? Math.min(now, to) : Date.parse(e.end);
      outOfAdherence.push({ agentId: a.agentId, name: a.name, what: EXCEPTION_NAMES[e.type] ?? e.type, at: start, seconds: (end - start) / 1000 });
    }
  }

  // Behaviour flags raised in the span.
  await yieldToLoop();
  const flags = await flagsReport(s, vocab, s.flagConfig, s.floorZone, { from, to }, members, new Set(), opts);
  const flagCounts = new Map<string, number>();
  const flagged: DigestBody["exceptions"] = [];
  for (const a of flags.agents) {
    for (const f of a.flags) {
      const raised = Date.parse(f.raisedAt);
      if (raised < from || raised >= to) continue;
      flagCounts.set(f.rule, (flagCounts.get(f.rule) ?? 0) + 1);
      flagged.push({ agentId: a.agentId, name: a.name, what: `${f.name}: ${f.why}`, at: raised, seconds: null });
    }
  }

  // Alerts sent about the team's agents (or the team itself) in the span.
  const alertCounts = new Map<string, number>();
  for (const r of await s.alertStore.raisedBetween(from, to)) {
    if (byId.has(r.subject) || (team !== null && sameTeam(r.subject, team))) alertCounts.set(r.rule, (alertCounts.get(r.rule) ?? 0) + 1);
  }

  // At most ten: the longest adherence exceptions and the first flags (at least three of these
  // when there are), then in the order they happened.
  const flagsShown = Math.min(flagged.length, Math.max(MIN_FLAGS_SHOWN, MOST_EXCEPTIONS - outOfAdherence.length));
  const worth = [...outOfAdherence.sort((a, b) => b.seconds! - a.seconds! || a.at - b.at).slice(0, MOST_EXCEPTIONS - flagsShown), ...flagged.sort((a, b) => a.at - b.at).slice(0, flagsShown)].sort((a, b) => a.at - b.at);
  const path = `/reports?${new URLSearchParams({ window: "custom", from: localInput(from, zone), to: localInput(to, zone), tz: zone, interval: "1h", ...(team !== null && { team }) })}`;
  const desc = <T>(m: Map<string, T>, n: (v: T) => number) => [...m].sort((a, b) => n(b[1]) - n(a[1]));
  return {
    name,
    team,
    from,
    to,
    zone,
    complete: tis.complete && adh.complete && flags.complete,
    agents,
    loggedInSeconds: loggedIn,
    states: desc(stateSeconds, (v) => v.seconds).map(([, v]) => v),
    reasons: desc(reasonSeconds, (v) => v)
      .slice(0, 5)
      .map(([code, seconds]) => ({ label: vocab.reason(code).phrase, seconds })),
    adherence: adh.agents.length === 0 ? null : { percent: sumsPercent(sums), agents: adh.agents.length, scheduledSeconds: sums.scheduled, unknownSeconds: sums.unknown, exceptions: desc(exceptionCounts, (v) => v).map(([type, count]) => ({ type, label: EXCEPTION_NAMES[type] ?? type, count })) },
    overBudget: hasBudget ? overBudget : null,
    flags: desc(flagCounts, (v) => v).map(([rule, count]) => ({ rule, label: FLAG_NAMES[rule as keyof typeof FLAG_NAMES] ?? rule, count })),
    alerts: desc(alertCounts, (v) => v).map(([rule, count]) => ({ rule, count })),
    exceptions: worth,
    path,
  };
}
