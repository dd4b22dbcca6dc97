import "server-only";
import type { AgentBreaks, BreaksAnswer, TeamCap } from "@/lib/api-types";
import { categoryTime, runningCategory, shiftStart, usedAt } from "@/lib/activity/budgets";
import { buildSegments } from "@/lib/activity/timeline";
import { budgetFor, capFor, REASON_CATEGORIES, type Labels } from "@/lib/states/labels";
import type { Vocabulary } from "@/lib/states/vocabulary";
import { startOfDay } from "@/lib/time/zone";
import type { LiveAdherence } from "./live-adherence";
import type { Poller } from "../feed/poller";

/**
 * Break budgets and team caps now, from memory: each agent with a budget its used time per
 * category in the current shift (and the category it is in, to tick on the screen), and for each
 * team with a cap, how many of its agents are in the category now. An agent's figures are judged
 * again only when its events change or its day or shift turns over.
 */
export class LiveBreaks {
  private perAgent = new Map<string, { revision: number; key: string; value: AgentBreaks | null; validUntil: number }>();
  /** The whole answer, for everyone asking within the same second of the same poll (hundreds of screens poll it). */
  private cache: { key: string; value: BreaksAnswer } | null = null;

  constructor(
    private readonly poller: Poller,
    private readonly vocab: Vocabulary,
    private readonly labels: Labels,
    private readonly teams: ReadonlyMap<string, string>,
    /** The floor's zone: where its day begins. */
    private readonly zone: string,
    private readonly adherence: LiveAdherence,
  ) {}

  /** True when the labels config sets any budget or cap. */
  get configured(): boolean {
    return this.labels.breaks !== undefined;
  }

  compute(now: number): BreaksAnswer {
    const at = Math.floor(now / 1000) * 1000;
    const cacheKey = `${at}:${this.poller.version}:${this.adherence.version}`;
    if (this.cache?.key === cacheKey) return this.cache.value;
    const value = this.judge(at);
    this.cache = { key: cacheKey, value };
    return value;
  }

  private judge(at: number): BreaksAnswer {
    const iso = (ms: number) => new Date(ms).toISOString();
    const agents: Record<string, AgentBreaks> = {};
    const caps: TeamCap[] = [];
    if (!this.labels.breaks) return { asOf: iso(at), zone: this.zone, agents, caps };
    const dayStart = startOfDay(at, this.zone);
    const memFrom = this.poller.retainedFrom;
    const covered = this.poller.coveredUntil;
    const inCategory = new Map<string, string[]>();
    for (const agentId of this.poller.events.agentIds()) {
      const team = this.teams.get(agentId) ?? null;
      const state = this.poller.events.stateOf(agentId);
      // Caps: who is in which category now.
      if (state && state.reasonCode !== null && this.vocab.state(state.activity).family === "notready") {
        const category = this.vocab.reason(state.reasonCode).category;
        if (category !== null && capFor(this.labels, team, category) !== null) {
          const key = `${team ?? ""}\u0000${category}`;
          const list = inCategory.get(key);
          if (list) list.push(agentId);
          else inCategory.set(key, [agentId]);
        }
      }
      if (!REASON_CATEGORIES.some((c) => budgetFor(this.labels, team, c) !== null)) continue;
      const rows = this.adherence.rowsOf(agentId);
      const from = Math.max(shiftStart(rows, at, dayStart), 0);
      const revision = this.poller.events.revisionOf(agentId);
      const key = `${from}`;
      const held = this.perAgent.get(agentId);
      let value: AgentBreaks | null;
      if (held && held.revision === revision && held.key === key && at < held.validUntil) value = held.value;
      else {
        const events = this.poller.events.eventsOf(agentId);
        const knownFrom = Math.min(memFrom, events[0]?.time ?? memFrom);
        const segments = covered > knownFrom ? buildSegments(events, { from: Math.max(from, knownFrom), to: at + 1000, known: [{ start: knownFrom, end: covered }], live: true }) : [];
        const used = categoryTime(this.vocab, segments, from, at);
        const running = runningCategory(this.vocab, segments);
        const last = segments.at(-1);
        value =
          Object.keys(used).length === 0 && running === null
            ? null
            : {
                shiftFrom: iso(from),
                allowed: Object.fromEntries(REASON_CATEGORIES.flatMap((c) => {
                  const b = budgetFor(this.labels, team, c);
                  return b === null ? [] : [[c, Math.round(b / 1000)]];
                })),
                // Used up to `asOf`; the category still going adds from there.
                used: Object.fromEntries(Object.entries(used).map(([c, ms]) => [c, Math.round(ms / 1000)])),
                running,
                runningSince: running && last ? iso(last.start) : null,
                counted: iso(at),
                partial: from < knownFrom,
              };
        // An event stamped ahead of this clock changes the answer when its time comes.
        this.perAgent.set(agentId, { revision, key, value, validUntil: this.poller.events.nextEventAfter(agentId, at) ?? Infinity });
      }
      if (value) {
        // A running category keeps growing: its used time is brought up to now.
        if (value.running && value.counted !== iso(at)) {
          value = { ...value, used: usedAt(value, at), counted: iso(at) };
          // An event stamped ahead of this clock changes the answer when its time comes.
        this.perAgent.set(agentId, { revision, key, value, validUntil: this.poller.events.nextEventAfter(agentId, at) ?? Infinity });
        }
        agents[agentId] = value;
      }
    }
    for (const team of [...new Set([...this.teams.values(), ...this.labels.teamNames])]) {
      for (const category of REASON_CATEGORIES) {
        const cap = capFor(this.labels, team, category);
        if (cap === null) continue;
        const who = inCategory.get(`${team}\u0000${category}`) ?? [];
        caps.push({ team, category, count: who.length, cap, agents: who });
      }
    }
    return { asOf: iso(at), zone: this.zone, agents, caps };
  }
}
