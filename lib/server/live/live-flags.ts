import "server-only";
import type { BehaviourFlag, LiveFlagsAnswer } from "@/lib/api-types";
import { detectFlags, flagsReadFrom, shiftStarts, TeamAcw, type AcwSample } from "@/lib/activity/flags";
import { buildSegments, type Segment } from "@/lib/activity/timeline";
import { flagRulesFor, type FlagConfig, type FlagRules } from "@/lib/states/flag-rules";
import type { Vocabulary } from "@/lib/states/vocabulary";
import { startOfDay } from "@/lib/time/zone";
import { acwSamples, flagAnswer } from "../reports/flags";
import type { LiveAdherence } from "./live-adherence";
import type { Poller } from "../feed/poller";

const DAY = 86_400_000;

interface Held {
  revision: number;
  readFrom: number;
  segments: Segment[];
  samples: AcwSample[];
  rules: FlagRules;
  starts: number[];
  from: number;
  /** The first event after the instant the segments were built to (stamped ahead of this clock): built again when its time comes. */
  ahead: number | null;
  /** Each after-call stretch's limit, by its start: judged once, against what was known when it began. */
  limits: Map<number, number | null>;
  /** The flags as last judged, and until when they hold without another look (time alone changes nothing before). */
  answer: { at: number; validUntil: number; flags: BehaviourFlag[] } | null;
}

/** Shifts by agent, held until the next shift begins or the schedules change. */
interface HeldShifts {
  key: string;
  validUntil: number;
  from: number;
  starts: number[];
}

/**
 * Behaviour flags now, from memory: each agent's flags raised since its shift (or the floor's
 * day) began. An agent's segments are built again only when its events change or its shift turns
 * over; the teams' after-call baselines when the poller brings anything new; the flags each
 * second asked (time alone raises and clears them).
 */
export class LiveFlags {
  private perAgent = new Map<string, Held>();
  private shifts = new Map<string, HeldShifts>();
  /** Each team's after-call baseline today, added to as stretches end (built again when history changed under it). */
  private acw = { day: -Infinity, byTeam: new Map<string | null, TeamAcw>(), pending: new Map<string | null, AcwSample[]>(), dirty: new Set<string | null>() };
  private cache: { key: string; value: LiveFlagsAnswer } | null = null;

  constructor(
    private readonly poller: Poller,
    private readonly vocab: Vocabulary,
    private readonly config: FlagConfig,
    private readonly teams: ReadonlyMap<string, string>,
    /** The floor's zone: where its day begins. */
    private readonly zone: string,
    private readonly adherence: LiveAdherence,
  ) {}

  compute(now: number): LiveFlagsAnswer {
    const at = Math.floor(now / 1000) * 1000;
    const key = `${at}:${this.poller.version}:${this.adherence.version}`;
    if (this.cache?.key === key) return this.cache.value;
    const value = this.judge(at);
    this.cache = { key, value };
    return value;
  }

  private shiftsOf(agentId: string, at: number, dayStart: number): HeldShifts {
    const key = `${this.adherence.version}:${dayStart}`;
    const held = this.shifts.get(agentId);
    if (held && held.key === key && at < held.validUntil) return held;
    const rows = this.adherence.rowsOf(agentId);
    // Since the shift holding now began, or the day did, whichever is earlier.
    const ahead = shiftStarts(rows, at, at + 2 * DAY, this.zone);
    const from = Math.min(dayStart, ahead[0]!);
    const value = { key, validUntil: Math.min(ahead[1] ?? Infinity, startOfDay(at, this.zone, 1)), from, starts: shiftStarts(rows, from, at + 2 * DAY, this.zone) };
    this.shifts.set(agentId, value);
    return value;
  }

  private held(agentId: string, at: number, dayStart: number): Held {
    const team = this.teams.get(agentId) ?? null;
    const rules = flagRulesFor(this.config, team);
    const { from, starts } = this.shiftsOf(agentId, at, dayStart);
    const readFrom = Math.min(flagsReadFrom(rules, starts[0]!, from), dayStart);
    const revision = this.poller.events.revisionOf(agentId);
    const held = this.perAgent.get(agentId);
    if (held && held.revision === revision && held.readFrom === readFrom && held.starts === starts && (held.ahead === null || at < held.ahead)) return held;
    const events = this.poller.events.eventsOf(agentId);
    const memFrom = this.poller.retainedFrom;
    const knownFrom = Math.min(memFrom, events[0]?.time ?? memFrom);
    const covered = this.poller.coveredUntil;
    const segments = covered > knownFrom ? buildSegments(events, { from: Math.max(readFrom, knownFrom), to: at + 1000, known: [{ start: knownFrom, end: covered }], live: true }) : [];
    const limits = held && held.readFrom === readFrom ? held.limits : new Map<number, number | null>();
    const samples = acwSamples(this.vocab, segments, dayStart, Math.max(readFrom, knownFrom));
    // The team's baseline takes the stretches that ended since; anything else changed: built again.
    const before = held?.samples ?? [];
    if (before.every((x, i) => samples[i]?.start === x.start && samples[i]?.end === x.end)) {
      const fresh = samples.slice(before.length);
      if (fresh.length > 0) {
        const list = this.acw.pending.get(team);
        if (list) list.push(...fresh);
        else this.acw.pending.set(team, fresh);
      }
    } else this.acw.dirty.add(team);
    const value: Held = { revision, readFrom, segments, samples, rules, starts, from, ahead: this.poller.events.nextEventAfter(agentId, at), limits, answer: null };
    this.perAgent.set(agentId, value);
    return value;
  }

  private judge(at: number): LiveFlagsAnswer {
    const dayStart = startOfDay(at, this.zone);
    const ids = this.poller.events.agentIds();
    const held = new Map<string, Held>();
    for (const id of ids) held.set(id, this.held(id, at, dayStart));
    // A team's baseline, brought up to date only when a stretch not judged yet needs it.
    if (this.acw.day !== dayStart) this.acw = { day: dayStart, byTeam: new Map(), pending: new Map(), dirty: new Set() };
    const acw = this.acw;
    const baselineOf = (team: string | null): TeamAcw | null => {
      const rule = flagRulesFor(this.config, team).longAcw;
      if (!rule) return null;
      let t = acw.byTeam.get(team);
      const pending = acw.pending.get(team) ?? [];
      acw.pending.delete(team);
      if (t && !acw.dirty.has(team) && t.add(pending)) return t;
      t = new TeamAcw(rule, this.zone);
      const all: AcwSample[] = [];
      for (const [id, h] of held) if ((this.teams.get(id) ?? null) === team) for (const x of h.samples) all.push(x);
      t.add(all);
      acw.byTeam.set(team, t);
      acw.dirty.delete(team);
      return t;
    };
    const agents: Record<string, BehaviourFlag[]> = {};
    for (const [id, h] of held) {
      let flags: BehaviourFlag[];
      if (h.answer && at < h.answer.validUntil) flags = h.answer.flags;
      else {
        const team = this.teams.get(id) ?? null;
        const limitAt = (start: number) => {
          let limit = h.limits.get(start);
          if (limit === undefined) {
            limit = baselineOf(team)?.at(start) ?? null;
            h.limits.set(start, limit);
          }
          return limit;
        };
        const next = { at: this.shifts.get(id)!.validUntil };
        flags = detectFlags(this.vocab, h.rules, h.segments, h.starts, limitAt, h.from, at + 1, at, next).map((f) => flagAnswer(this.vocab, f));
        h.answer = { at, validUntil: next.at, flags };
      }
      if (flags.length > 0) agents[id] = flags;
    }
    return { asOf: new Date(at).toISOString(), zone: this.zone, agents };
  }
}
