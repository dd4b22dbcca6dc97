import "server-only";
import type { AgentSnapshot, BehaviourFlag, FlagsAgent, FlagsReport } from "@/lib/api-types";
import { acwBaseline, acwStretches, detectFlags, FLAG_NAMES, flagsReadFrom, flagWhy, shiftStarts, type AcwSample, type Flag } from "@/lib/activity/flags";
import type { ScheduleRow } from "@/lib/activity/schedule";
import type { Segment } from "@/lib/activity/timeline";
import { flagRulesFor, type FlagConfig } from "@/lib/states/flag-rules";
import type { Vocabulary } from "@/lib/states/vocabulary";
import type { ScheduleStore } from "@/lib/store/schedule-store";
import { startOfDay } from "@/lib/time/zone";
import { yieldToLoop } from "../feed/sleep";
import { agentSnapshots } from "../feed/snapshot";
import { prefetchSegments, readSegments, type TimelineSources } from "./timeline";

/**
 * `/api/flags`: the behaviour flags raised in a window, judged by `lib/activity/flags.ts` on the
 * very segments the drill-down draws (memory, the store, then Kore.ai within the request budget).
 * The after-call baseline is the whole team's, whoever asks: every member of the asked agents'
 * teams is read for it (only the figure is shown, never another agent's time).
 */

/** A flag as the API answers it. */
export function flagAnswer(vocab: Vocabulary, f: Flag): BehaviourFlag {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    rule: f.rule,
    name: FLAG_NAMES[f.rule],
    why: flagWhy(vocab, f),
    start: iso(f.start),
    end: f.end === null ? null : iso(f.end),
    raisedAt: iso(f.raisedAt),
    clearedAt: f.clearedAt === null ? null : iso(f.clearedAt),
    active: f.clearedAt === null,
    reasonCode: f.reasonCode,
    count: f.count,
    limit: f.limit,
    limitSeconds: f.limitMs === null ? null : Math.round(f.limitMs / 1000),
  };
}

/** The teams' after-call baselines, each with its own rule (a team may set its own percentile). */
function teamBaselines(config: FlagConfig, samplesByTeam: ReadonlyMap<string | null, AcwSample[]>, zone: string): Map<string | null, ((at: number) => number | null) | null> {
  const out = new Map<string | null, ((at: number) => number | null) | null>();
  for (const [team, samples] of samplesByTeam) {
    const rule = flagRulesFor(config, team).longAcw;
    out.set(team, rule ? acwBaseline(samples, rule, zone) : null);
  }
  return out;
}

/**
 * Completed after-call stretches that began at or after `from`, for a team's baseline. One that
 * starts where the segments were cut (`readFrom`) began earlier, when is not known: left out.
 */
export function acwSamples(vocab: Vocabulary, segments: readonly Segment[], from: number, readFrom: number): AcwSample[] {
  return acwStretches(vocab, segments).flatMap((s) => (s.end !== null && s.start >= from && s.start > readFrom ? [{ start: s.start, end: s.end }] : []));
}

const BATCH = 250;
const DAY = 86_400_000;
/** How far past the window an agent is read, so a flag raised in it is seen to clear (or still hold). */
const CLEAR_LOOKAHEAD_MS = 12 * 3_600_000;

export async function flagsReport(
  sources: TimelineSources & { schedules: ScheduleStore },
  vocab: Vocabulary,
  config: FlagConfig,
  zone: string,
  q: { from: number; to: number },
  agents: readonly AgentSnapshot[],
  always: ReadonlySet<string>,
  opts: { now: number; deadline: number },
): Promise<FlagsReport> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const now = Math.floor(opts.now / 1000) * 1000;
  const until = Math.min(q.to, now + 1000);
  const readTo = Math.min(now + 1000, q.to + CLEAR_LOOKAHEAD_MS);
  const ids = agents.map((a) => a.agentId);
  const rows = await sources.schedules.rows(q.from - DAY, readTo, ids.length <= 1_000 ? ids : null);
  const rowsOf = new Map<string, ScheduleRow[]>();
  for (const r of rows) {
    const list = rowsOf.get(r.agentId);
    if (list) list.push(r);
    else rowsOf.set(r.agentId, [r]);
  }
  // Whose time makes the baseline: everyone on the asked agents' teams (the team-less together).
  const baselineFrom = startOfDay(q.from, zone);
  const teamsAsked = new Set(agents.map((a) => a.team));
  const members = agentSnapshots(sources.poller, sources.teams).filter((a) => teamsAsked.has(a.team));
  const plan = new Map<string, { readFrom: number; starts: number[] | null }>();
  for (const a of members) plan.set(a.agentId, { readFrom: baselineFrom, starts: null });
  for (const a of agents) {
    const agentRows = rowsOf.get(a.agentId) ?? [];
    const starts = shiftStarts(agentRows, q.from, readTo, zone);
    const readFrom = Math.min(flagsReadFrom(flagRulesFor(config, a.team), starts[0]!, q.from), baselineFrom);
    plan.set(a.agentId, { readFrom, starts });
  }
  const segmentsOf = new Map<string, Segment[]>();
  let complete = true;
  const planned = [...plan.entries()];
  for (let i = 0; i < planned.length; i += BATCH) {
    const batch = planned.slice(i, i + BATCH);
    await yieldToLoop();
    const from = Math.min(...batch.map(([, p]) => p.readFrom));
    const prefetch = await prefetchSegments(sources, batch.map(([id]) => id), from, readTo);
    for (const [id, p] of batch) {
      const read = await readSegments({ ...sources, prefetch }, id, p.readFrom, p.starts ? readTo : until, opts);
      if (p.starts && (read.pending || read.gaps.some((g) => g.end > q.from && g.start < q.to))) complete = false;
      segmentsOf.set(id, read.segments);
    }
  }
  const samples = new Map<string | null, AcwSample[]>();
  for (const a of members) {
    const list = samples.get(a.team) ?? [];
    list.push(...acwSamples(vocab, segmentsOf.get(a.agentId) ?? [], baselineFrom, plan.get(a.agentId)!.readFrom).filter((s) => s.end <= until));
    samples.set(a.team, list);
  }
  const baselines = teamBaselines(config, samples, zone);
  const out: FlagsAgent[] = [];
  for (const a of agents) {
    const p = plan.get(a.agentId)!;
    const flags = detectFlags(vocab, flagRulesFor(config, a.team), segmentsOf.get(a.agentId) ?? [], p.starts!, baselines.get(a.team) ?? null, q.from, q.to, now);
    if (flags.length > 0 || always.has(a.agentId)) out.push({ agentId: a.agentId, name: a.name, team: a.team, flags: flags.map((f) => flagAnswer(vocab, f)) });
  }
  return { from: iso(q.from), to: iso(q.to), asOf: iso(opts.now), complete, agents: out };
}
