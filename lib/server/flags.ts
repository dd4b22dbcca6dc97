import "server-only";
import type { AgentSnapshot, FlagsAgent, FlagsReport } from "@/lib/api-types";
import { detectFlags, flagsReadFrom, shiftStarts, type AcwSample } from "@/lib/activity/flags";
import type { ScheduleRow } from "@/lib/activity/schedule";
import type { Segment } from "@/lib/activity/timeline";
import { flagRulesFor, type FlagConfig } from "@/lib/states/flag-rules";
import type { Vocabulary } from "@/lib/states/vocabulary";
import type { ScheduleStore } from "@/lib/store/schedule-store";
import { startOfDay } from "@/lib/time/zone";
import { acwSamples, flagAnswer, teamBaselines } from "./live-flags";
import { agentSnapshots } from "./snapshot";
import { prefetchSegments, readSegments, type TimelineSources } from "./timeline";

/**
 * `/api/flags`: the behaviour flags raised in a window, judged by `lib/activity/flags.ts` on the
 * very segments the drill-down draws (memory, the store, then Kore.ai within the request budget).
 * The after-call baseline is the whole team's, whoever asks: every member of the asked agents'
 * teams is read for it (only the figure is shown, never another agent's time).
 */

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
    list.push(...acwSamples(vocab, segmentsOf.get(a.agentId) ?? [], baselineFrom).filter((s) => s.end <= until));
    samples.set(a.team, list);
  }
  const baselines = teamBaselines(config, samples, zone);
  const out: FlagsAgent[] = [];
  for (const a of agents) {
    const p = plan.get(a.agentId)!;
    const flags = detectFlags(vocab, flagRulesFor(config, a.team), segmentsOf.get(a.agentId) ?? [], p.starts!, baselines.get(a.team) ?? null, q.from, q.to, now);
    if (flags.length > 0 || always.has(a.agentId)) out.push({ agentId: a.agentId, name: a.name, team: a.team, flags: flags.map((f) => flagAnswer(vocab, f, now)) });
  }
  return { from: iso(q.from), to: iso(q.to), asOf: iso(opts.now), complete, agents: out };
}
