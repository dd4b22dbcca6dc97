import "server-only";
import type { LiveAdherenceAgent } from "@/lib/api-types";
import { adherence, graceOf, type AdherenceRules, type AdjustmentSpan } from "@/lib/activity/adherence";
import { spansFor, type Adjustment } from "@/lib/activity/adjustments";
import type { ScheduleRow } from "@/lib/activity/schedule";
import { buildSegments } from "@/lib/activity/timeline";
import type { Vocabulary } from "@/lib/states/vocabulary";
import type { ScheduleStore } from "@/lib/store/schedule-store";
import { log } from "@/lib/log";
import type { Poller } from "../feed/poller";

/**
 * Adherence now, for the grid and the wallboard: each scheduled agent's scheduled activity, in or
 * out and since when, the exception it is in (once out longer than the grace) and what comes next.
 * From memory only (the poller's events, the schedules of the day around now and the adjustments in
 * force over it, re-read when an upload or an adjustment changes them on any instance), computed at
 * most once a second and only when something changed: the poller, the schedules, or the second.
 */

const HOUR = 3_600_000;
/** Schedules held: from a day before now to a day after, read again when now moves 6 hours on. */
const HELD_MS = 24 * HOUR;
const RELOAD_MS = 6 * HOUR;
/** How often another instance's upload is looked for. */
const VERSION_CHECK_MS = 5_000;
/** How far back a state is looked at for "since": a shift's length and then some. */
const LOOK_BACK_MS = 16 * HOUR;

export class LiveAdherence {
  private rows = new Map<string, ScheduleRow[]>();
  private adjustments: Adjustment[] = [];
  /** The agents' teams (the labels config's), for adjustments made for a team. */
  teams: ReadonlyMap<string, string> = new Map();
  private heldFrom = -Infinity;
  private heldTo = -Infinity;
  /** The schedules' and the adjustments' versions last read (they change with each upload or adjustment, on any instance). */
  version: string | null = null;
  private checkedAt = -Infinity;
  private loading: Promise<void> | null = null;
  private cache: { key: string; at: number; value: Map<string, LiveAdherenceAgent> } | null = null;
  private perAgent = new Map<string, { revision: number; at: number; validUntil: number; value: LiveAdherenceAgent | null }>();

  constructor(
    private readonly schedules: ScheduleStore,
    private readonly poller: Poller,
    private readonly vocab: Vocabulary,
    private readonly rules: AdherenceRules,
    private readonly now: () => number = Date.now,
  ) {}

  /** Re-reads the schedules around now when they changed (an upload, here or on another instance) or now moved on. */
  async refresh(force = false): Promise<void> {
    const now = this.now();
    if (this.loading) return this.loading;
    const moved = now + RELOAD_MS > this.heldTo || now - HELD_MS < this.heldFrom - RELOAD_MS;
    if (!force && !moved && now - this.checkedAt < VERSION_CHECK_MS) return;
    this.loading = (async () => {
      try {
        this.checkedAt = now;
        const version = `${await this.schedules.version()}|${await this.schedules.adjustments.version()}`;
        if (!force && !moved && version === this.version) return;
        const from = now - HELD_MS;
        const to = now + HELD_MS;
        const rows = await this.schedules.rows(from, to);
        this.adjustments = await this.schedules.adjustments.overlapping(from - LOOK_BACK_MS, to);
        const byAgent = new Map<string, ScheduleRow[]>();
        for (const r of rows) {
          const list = byAgent.get(r.agentId);
          if (list) list.push(r);
          else byAgent.set(r.agentId, [r]);
        }
        this.rows = byAgent;
        this.heldFrom = from;
        this.heldTo = to;
        this.version = version;
        this.cache = null;
        this.perAgent.clear();
      } catch (err) {
        log.warn("schedules could not be read for live adherence (kept the last read)", { error: err instanceof Error ? err.message : String(err) });
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /** An agent's schedule rows around now (sorted; none: empty). */
  rowsOf(agentId: string): readonly ScheduleRow[] {
    return this.rows.get(agentId) ?? [];
  }

  /** Each scheduled agent's adherence at `now` (whole seconds), from memory. */
  compute(now = this.now()): Map<string, LiveAdherenceAgent> {
    const at = Math.floor(now / 1000) * 1000;
    const key = `${this.poller.version}:${this.version}:${this.rows.size}`;
    if (this.cache && this.cache.key === key && this.cache.at === at) return this.cache.value;
    const out = new Map<string, LiveAdherenceAgent>();
    for (const [agentId, rows] of this.rows) {
      // An agent's answer holds until one of its events arrives, a row of its schedule begins or
      // ends, or a stretch out reaches the grace: only those agents are judged again.
      const revision = this.poller.events.revisionOf(agentId);
      const held = this.perAgent.get(agentId);
      if (held && held.revision === revision && at < held.validUntil && at >= held.at) {
        if (held.value) out.set(agentId, held.value);
        continue;
      }
      const adjust = this.adjustments.length > 0 ? spansFor(this.adjustments, agentId, this.teams.get(agentId) ?? null) : [];
      const value = this.judge(agentId, rows, adjust, at);
      // An event stamped at or ahead of this instant (the answer is of the second before it)
      // changes the answer once its own second has passed.
      const ahead = this.poller.events.nextEventAfter(agentId, at - 1);
      this.perAgent.set(agentId, { revision, at, validUntil: Math.min(validUntil(rows, adjust, at, value, this.rules), ahead === null ? Infinity : ahead + 1000), value });
      if (value) out.set(agentId, value);
    }
    this.cache = { key, at, value: out };
    return out;
  }

  private judge(agentId: string, rows: readonly ScheduleRow[], adjust: readonly AdjustmentSpan[], at: number): LiveAdherenceAgent | null {
    const covered = this.poller.coveredUntil;
    const memFrom = this.poller.retainedFrom;
    const iso = (ms: number) => new Date(ms).toISOString();
    // Memory keeps the run in progress at its start with its real first event: known from there.
    const events = this.poller.events.eventsOf(agentId);
    const knownFrom = Math.min(memFrom, events[0]?.time ?? memFrom);
    const from = Math.max(knownFrom, at - LOOK_BACK_MS);
    const segments = covered > knownFrom ? buildSegments(events, { from, to: at + 1000, known: [{ start: knownFrom, end: covered }], live: true }) : [];
    const a = adherence(this.vocab, this.rules, rows, segments, from, at + 1000, at, adjust);
    const c = a.current;
    if (!c) return null;
    const open = a.exceptions.at(-1);
    const next = rows.find((r) => r.start > at) ?? null;
    const current = rows.find((r) => r.start <= at && at < r.end) ?? null;
    return {
      scheduled: c.scheduled,
      inAdherence: c.inAdherence,
      since: iso(c.since),
      // An exception a supervisor excused or made neutral is not one the floor is in.
      exception: open && open.end === null && open.review === "open" ? open.type : null,
      adjustment: c.adjustment,
      next: current && current.end < (next?.start ?? Infinity) ? { activity: null, at: iso(current.end) } : next && { activity: next.activity, at: iso(next.start) },
    };
  }
}

/** Until when an agent's answer holds without a new event: the next edge of a row or an adjustment, or the grace running out on a stretch out. */
function validUntil(rows: readonly ScheduleRow[], adjust: readonly AdjustmentSpan[], at: number, value: LiveAdherenceAgent | null, rules: AdherenceRules): number {
  let until = Infinity;
  for (const r of [...rows, ...adjust]) {
    if (r.start > at) until = Math.min(until, r.start);
    if (r.end > at) until = Math.min(until, r.end);
  }
  if (value && value.inAdherence === false && value.exception === null) until = Math.min(until, Date.parse(value.since) + graceOf(rules, value.scheduled));
  return until;
}
