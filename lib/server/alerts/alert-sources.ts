import "server-only";
import { EXCEPTION_PHRASES } from "@/lib/activity/adherence";
import { overBudget, overCap } from "@/lib/activity/budgets";
import { CONDITION_KINDS, describeCondition, understaffedType } from "@/lib/alerts/conditions";
import type { ConditionKind } from "@/lib/alerts/config";
import type { Occurrence } from "@/lib/alerts/messages";
import { spanText } from "@/lib/time/span";
import type { AgentSnapshot } from "@/lib/api-types";
import type { Vocabulary } from "@/lib/states/vocabulary";
import { clockNamed } from "@/lib/time/clock";
import { zoneOffset } from "@/lib/time/zone";
import type { LiveAdherence } from "../live/live-adherence";
import type { LiveBreaks } from "../live/live-breaks";
import type { LiveFlags } from "../live/live-flags";
import type { Poller } from "../feed/poller";
import { agentSnapshot, knownAgentIds } from "../feed/snapshot";
import type { Understaffing } from "./understaffing";

/**
 * What is true now that a rule may alert on, each an occurrence with a key that stays the same
 * while it lasts (on every poll and every instance) and says which episode it is: agents past a
 * threshold level, in an adherence exception, over a break budget, flagged; teams over a cap;
 * Kore.ai or the store down. Read from the same live sources the screens show, so an alert says
 * what the grid says. The key ends with the episode's start: the state's, the exception's, the
 * shift's, the flag's; for a condition that has no start of its own (Kore.ai or the store down, a
 * team over a cap) the one `Episodes` marks, so that the second outage is a new occurrence.
 */

/**
 * When each condition without a start of its own began: the first round that saw it, kept while
 * it lasts, forgotten at the first round that does not see it (the next time is a new episode,
 * with a new key). A new leader resumes the episodes the store holds open, so it goes on with the
 * same occurrence instead of raising it again.
 */
export class Episodes {
  private starts = new Map<string, number>();
  private seen = new Set<string>();

  /** The start of `base`'s episode going on now; one begins at `start` if none was going on. */
  of(base: string, start: number): number {
    this.seen.add(base);
    let since = this.starts.get(base);
    if (since === undefined) this.starts.set(base, (since = start));
    return since;
  }

  /** Ends every episode the round did not ask for. */
  settle(): void {
    for (const base of [...this.starts.keys()]) if (!this.seen.has(base)) this.starts.delete(base);
    this.seen.clear();
  }

  /** An episode an earlier leader recorded and has not seen end (its occurrence still open). */
  resume(base: string, since: number): void {
    if (!this.starts.has(base)) this.starts.set(base, since);
  }
}

/** The key of an episode `Episodes` marks: its condition and its start. */
const episodeKey = (base: string, since: number) => `${base}@${since}`;

export interface AlertSources {
  poller: Poller;
  teams: ReadonlyMap<string, string>;
  vocabulary: Vocabulary;
  liveAdherence: LiveAdherence;
  liveBreaks: LiveBreaks;
  liveFlags: LiveFlags;
  /** The floor's zone (FLOORVIEW_TIMEZONE): times of day in the texts, named ("since 14:05 CET"); UTC without it. */
  zone?: string;
  /** Teams' completed intervals against what they need (the `understaffed` rules); without it, none is judged. */
  understaffing?: Understaffing;
}

const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;
/** The drill-down around a moment: from a while before it to a while after (the page shows up to now). */
const drilldownPath = (agentId: string, from: number, to: number) =>
  `/agents/${encodeURIComponent(agentId)}?${new URLSearchParams({ window: "custom", from: iso(from - 15 * MIN), to: iso(Math.max(to, from) + 15 * MIN) })}`;


const who = (a: AgentSnapshot) => a.name ?? a.agentId;

/** What each kind's occurrences are read from: the sources, now, the episodes, and every known agent (for the kinds about agents). */
interface Round {
  s: AlertSources;
  now: number;
  episodes: Episodes;
  agents: AgentSnapshot[];
  byId: ReadonlyMap<string, AgentSnapshot>;
  zone: string;
}

const base = (a: AgentSnapshot) => ({ agentId: a.agentId, name: a.name, team: a.team });

/**
 * Each kind of condition's occurrences now, one function per kind (the conditions' own table is
 * `CONDITION_KINDS`, lib/alerts/conditions.ts): the compiler asks for one for every kind.
 */
const OCCURRENCES: { [K in ConditionKind]: (r: Round) => Occurrence[] } = {
  threshold: thresholdOccurrences,
  adherence: adherenceOccurrences,
  breaks: (r) => {
    const breaks = r.s.liveBreaks.compute(r.now);
    return [...budgetOccurrences(r, breaks), ...capOccurrences(r, breaks)];
  },
  flags: flagOccurrences,
  upstream: upstreamOccurrences,
  store: storeOccurrences,
  understaffed: understaffedOccurrences,
};

/** Every occurrence of the kinds asked for, now. */
export function currentOccurrences(s: AlertSources, kinds: ReadonlySet<ConditionKind>, now: number, episodes: Episodes): Occurrence[] {
  const asked = (Object.keys(OCCURRENCES) as ConditionKind[]).filter((k) => kinds.has(k));
  // Every known agent, unsorted (this runs each second on the leader; no order is needed).
  const agents = asked.some((k) => CONDITION_KINDS[k].scoped) ? [...knownAgentIds(s.poller)].map((id) => agentSnapshot(s.poller, id, s.teams)) : [];
  const round: Round = { s, now, episodes, agents, byId: new Map(agents.map((a) => [a.agentId, a])), zone: s.zone ?? "UTC" };
  return asked.flatMap((k) => OCCURRENCES[k](round));
}

function thresholdOccurrences({ s, now, agents, zone }: Round): Occurrence[] {
  const out: Occurrence[] = [];
  for (const a of agents) {
    const since = a.since === null ? null : Date.parse(a.since);
    const lvl = s.vocabulary.level(a, since, now);
    if (lvl.level === "ok" || lvl.limitMs === null || since === null) continue;
    const { label, reason } = s.vocabulary.describe(a);
    const state = reason ? `${label} · ${reason.phrase}` : label;
    for (const level of lvl.level === "alert" ? (["warn", "alert"] as const) : (["warn"] as const)) {
      // The warn occurrence of a state is the same one when it goes on to alert.
      const limit = level === lvl.level ? lvl.limitMs : (s.vocabulary.rule(a)?.warnMs ?? lvl.limitMs);
      out.push({
        key: `threshold:${level}:${a.agentId}:${since}`,
        kind: "threshold",
        type: level,
        ...base(a),
        title: `${who(a)}: ${state}, past ${level} (${spanText(limit)})`,
        detail: `${who(a)} has been ${state.toLowerCase()} since ${clockNamed(since, zone)}, ${spanText(now - since)} so far; the ${level} limit is ${spanText(limit)}.`,
        since: since + limit,
        path: drilldownPath(a.agentId, since, now),
      });
    }
  }
  return out;
}

function adherenceOccurrences({ s, now, byId, zone }: Round): Occurrence[] {
  const out: Occurrence[] = [];
  for (const [id, x] of s.liveAdherence.compute(now)) {
    const a = byId.get(id);
    if (!a || x.exception === null || x.inAdherence !== false) continue;
    const since = Date.parse(x.since);
    out.push({
      key: `adherence:${x.exception}:${id}:${since}`,
      kind: "adherence",
      type: x.exception,
      ...base(a),
      title: `${who(a)}: ${EXCEPTION_PHRASES[x.exception] ?? x.exception}`,
      detail: `Scheduled: ${x.scheduled ?? "nothing"}; out of adherence since ${clockNamed(since, zone)} (${spanText(now - since)}).`,
      since,
      path: drilldownPath(id, since, now),
    });
  }
  return out;
}

type Breaks = ReturnType<LiveBreaks["compute"]>;

function budgetOccurrences({ now, byId, zone }: Round, breaks: Breaks): Occurrence[] {
  const out: Occurrence[] = [];
  for (const [id, x] of Object.entries(breaks.agents)) {
    const a = byId.get(id);
    if (!a) continue;
    // The grid's rule (whole seconds passed): never over here before the grid shows it.
    for (const { category, used, allowed } of overBudget(x, now)) {
      const shiftFrom = Date.parse(x.shiftFrom);
      out.push({
        key: `breaks:budget:${id}:${category}:${shiftFrom}`,
        kind: "breaks",
        type: "budget",
        ...base(a),
        title: `${who(a)}: over the ${category} budget (${spanText(used * 1000)} of ${spanText(allowed * 1000)})`,
        detail: `${spanText(used * 1000)} of ${category} this shift (since ${clockNamed(shiftFrom, zone)}); ${spanText(allowed * 1000)} allowed.`,
        since: now,
        path: drilldownPath(id, shiftFrom, now),
      });
    }
  }
  return out;
}

function capOccurrences({ now, byId, episodes }: Round, breaks: Breaks): Occurrence[] {
  return breaks.caps
    .filter(overCap)
    .map((c) => {
      const episode = `breaks:cap:${c.team}:${c.category}`;
      const since = episodes.of(episode, now);
      const names = c.agents.map((id) => (byId.get(id) ? who(byId.get(id)!) : id));
      return {
        key: episodeKey(episode, since),
        episode,
        kind: "breaks",
        type: "cap",
        agentId: null,
        name: null,
        team: c.team,
        title: `${c.team}: ${c.count} on ${c.category} at once (cap ${c.cap})`,
        detail: `${names.join(", ")} are on ${c.category} now; the team's cap is ${c.cap}.`,
        since,
        path: `/?${new URLSearchParams({ team: c.team })}`,
      };
    });
}

function flagOccurrences({ s, now, byId }: Round): Occurrence[] {
  const out: Occurrence[] = [];
  for (const [id, flags] of Object.entries(s.liveFlags.compute(now).agents)) {
    const a = byId.get(id);
    if (!a) continue;
    for (const f of flags) {
      if (!f.active) continue;
      const raised = Date.parse(f.raisedAt);
      out.push({
        key: `flags:${f.rule}:${id}:${raised}${f.reasonCode ? `:${f.reasonCode}` : ""}`,
        kind: "flags",
        type: f.rule,
        ...base(a),
        title: `${who(a)}: ${f.name}`,
        detail: f.why,
        since: raised,
        path: drilldownPath(id, Date.parse(f.start), f.end === null ? now : Date.parse(f.end)),
      });
    }
  }
  return out;
}

/** Something of the whole floor, not of an agent (Kore.ai or the store down). */
const floorWide = (episode: string, since: number, o: Pick<Occurrence, "kind" | "type" | "title" | "detail">): Occurrence => ({ key: episodeKey(episode, since), episode, agentId: null, name: null, team: null, since, path: "/", ...o });

function upstreamOccurrences({ s, now, episodes }: Round): Occurrence[] {
  const h = s.poller.health;
  if (h.status === "ok" || h.status === "starting") return [];
  const since = episodes.of("upstream", now);
  return [
    floorWide("upstream", since, {
      kind: "upstream",
      type: h.status,
      title: `Kore.ai: ${h.status.replace("_", " ")} for ${spanText(now - since)}`,
      detail: `${h.lastError?.message ?? "The activity feed is not being read."} The screens keep the last good data, marked stale.`,
    }),
  ];
}

function storeOccurrences({ s, now, episodes }: Round): Occurrence[] {
  const st = s.poller.store?.status;
  if (!st || st.status !== "unavailable" || st.since === null) return [];
  const since = episodes.of("store", st.since);
  return [
    floorWide("store", since, {
      kind: "store",
      type: "unavailable",
      title: `Floorview's store unavailable for ${spanText(now - since)}`,
      detail: "The live view goes on from memory; history is not being kept until the store is back (what is missed is then filled in).",
    }),
  ];
}

const heads = (n: number) => (Math.round(n * 10) / 10).toLocaleString("en", { maximumFractionDigits: 1 });

/**
 * Teams short of what they need (the `understaffed` rules): an episode per condition and team,
 * from the first of the intervals that made it so, lasting while the intervals after it stay
 * short; it ends at the first completed interval that is not.
 */
function understaffedOccurrences({ s, episodes, zone }: Round): Occurrence[] {
  const u = s.understaffing;
  if (!u) return [];
  const out: Occurrence[] = [];
  for (const c of u.conditions) {
    for (const { team, intervals } of u.short(c)) {
      const type = understaffedType(c);
      const episode = `understaffed:${type}:${team ?? "*"}`;
      const since = episodes.of(episode, intervals[0]!.start);
      const last = intervals.at(-1)!;
      const against = (r: (typeof intervals)[number]) => (r.required === null ? `${heads(r.scheduledOpen)} scheduled` : `${heads(r.required)} needed`);
      const day = new Date(last.start + zoneOffset(zone, last.start)).toISOString().slice(0, 10);
      out.push({
        key: episodeKey(episode, since),
        episode,
        kind: "understaffed",
        type,
        agentId: null,
        name: null,
        team,
        title: `${team ?? "The floor"}: ${heads(-last.diff)} below what it needs (${heads(last.actualOpen)} open, ${against(last)})`,
        detail: `${describeCondition(c)}: ${intervals.map((r) => `${clockNamed(r.start, zone)}–${clockNamed(r.end, zone)} ${heads(r.actualOpen)} open, ${against(r)}`).join("; ")}.`,
        since,
        path: `/intraday?${new URLSearchParams({ date: day, tz: zone, interval: c.interval, ...(team === null ? {} : { team }) })}`,
      });
    }
  }
  return out;
}
