import "server-only";
import type { BehaviourFlag, LiveFlagsAnswer } from "@/lib/api-types";
import { acwBaseline, acwStretches, detectFlags, FLAG_NAMES, flagsReadFrom, flagWhy, shiftStarts, type AcwSample, type Flag } from "@/lib/activity/flags";
import { buildSegments, type Segment } from "@/lib/activity/timeline";
import { flagRulesFor, type FlagConfig, type FlagRules } from "@/lib/states/flag-rules";
import type { Vocabulary } from "@/lib/states/vocabulary";
import { startOfDay } from "@/lib/time/zone";
import type { LiveAdherence } from "./live-adherence";
import type { Poller } from "./poller";

/** A flag as the API answers it. */
export function flagAnswer(vocab: Vocabulary, f: Flag, now: number): BehaviourFlag {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    rule: f.rule,
    name: FLAG_NAMES[f.rule],
    why: flagWhy(vocab, f, now),
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
export function teamBaselines(config: FlagConfig, samplesByTeam: ReadonlyMap<string | null, AcwSample[]>, zone: string): Map<string | null, ((at: number) => number | null) | null> {
  const out = new Map<string | null, ((at: number) => number | null) | null>();
  for (const [team, samples] of samplesByTeam) {
    const rule = flagRulesFor(config, team).longAcw;
    out.set(team, rule ? acwBaseline(samples, rule, zone) : null);
  }
  return out;
}

/** Completed after-call stretches that began at or after `from`, for a team's baseline. */
export function acwSamples(vocab: Vocabulary, segments: readonly Segment[], from: number): AcwSample[] {
  return acwStretches(vocab, segments).flatMap((s) => (s.end !== null && s.start >= from ? [{ start: s.start, end: s.end }] : []));
}

interface Held {
  revision: number;
  readFrom: number;
  segments: Segment[];
  samples: AcwSample[];
  rules: FlagRules;
  starts: number[];
  from: number;
}

/**
 * Behaviour flags now, from memory: each agent's flags raised since its shift (or the floor's
 * day) began. An agent's segments are built again only when its events change or its shift turns
 * over; the teams' after-call baselines when the poller brings anything new; the flags each
 * second asked (time alone raises and clears them).
 */
export class LiveFlags {
  private perAgent = new Map<string, Held>();
  private baselines: { key: string; value: Map<string | null, ((at: number) => number | null) | null> } | null = null;
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

  private held(agentId: string, at: number, dayStart: number): Held {
    const team = this.teams.get(agentId) ?? null;
    const rules = flagRulesFor(this.config, team);
    const rows = this.adherence.rowsOf(agentId);
    // Since the shift holding now began, or the day did, whichever is earlier.
    const from = Math.min(dayStart, shiftStarts(rows, at, at + 1, this.zone)[0]!);
    const starts = shiftStarts(rows, from, at + 1, this.zone);
    const readFrom = Math.min(flagsReadFrom(rules, starts[0]!, from), dayStart);
    const revision = this.poller.events.revisionOf(agentId);
    const held = this.perAgent.get(agentId);
    if (held && held.revision === revision && held.readFrom === readFrom && held.starts.join() === starts.join()) return held;
    const events = this.poller.events.eventsOf(agentId);
    const memFrom = this.poller.retainedFrom;
    const knownFrom = Math.min(memFrom, events[0]?.time ?? memFrom);
    const covered = this.poller.coveredUntil;
    const segments = covered > knownFrom ? buildSegments(events, { from: Math.max(readFrom, knownFrom), to: at + 1000, known: [{ start: knownFrom, end: covered }], live: true }) : [];
    const value: Held = { revision, readFrom, segments, samples: acwSamples(this.vocab, segments, dayStart), rules, starts, from };
    this.perAgent.set(agentId, value);
    return value;
  }

  private judge(at: number): LiveFlagsAnswer {
    const dayStart = startOfDay(at, this.zone);
    const ids = this.poller.events.agentIds();
    const held = new Map<string, Held>();
    for (const id of ids) held.set(id, this.held(id, at, dayStart));
    const baselineKey = `${this.poller.version}:${dayStart}`;
    if (this.baselines?.key !== baselineKey) {
      const samples = new Map<string | null, AcwSample[]>();
      for (const [id, h] of held) {
        const team = this.teams.get(id) ?? null;
        const list = samples.get(team);
        if (list) list.push(...h.samples);
        else samples.set(team, [...h.samples]);
      }
      this.baselines = { key: baselineKey, value: teamBaselines(this.config, samples, this.zone) };
    }
    const agents: Record<string, BehaviourFlag[]> = {};
    for (const [id, h] of held) {
      const baseline = this.baselines.value.get(this.teams.get(id) ?? null) ?? null;
      const flags = detectFlags(this.vocab, h.rules, h.segments, h.starts, baseline, h.from, at + 1, at);
      if (flags.length > 0) agents[id] = flags.map((f) => flagAnswer(this.vocab, f, at));
    }
    return { asOf: new Date(at).toISOString(), zone: this.zone, agents };
  }
}
