import "server-only";
import type { Condition, StaffingInterval } from "@/lib/alerts/config";
import type { AgentSnapshot } from "@/lib/api-types";
import { sameTeam } from "@/lib/states/collate";
import type { Vocabulary } from "@/lib/states/vocabulary";
import type { ScheduleStore } from "@/lib/store/schedule-store";
import { intervalBoundaries, startOfDay, STEP_MINUTES } from "@/lib/time/zone";
import { agentSnapshots } from "../feed/snapshot";
import { intradayReport } from "../reports/intraday";
import type { TimelineSources } from "../reports/timeline";

/**
 * What the `understaffed` alert rule judges (lib/alerts/config.ts): for each team (the whole floor
 * when the labels config names none), its last completed intervals as `/api/intraday` has them
 * (the same report, the same `diff`: actual − required, else scheduled). Read afresh at most once
 * a minute and at each interval's end, off the engine's second-by-second round. An interval with
 * time that cannot be known is never called short (a gap in the feed is not an empty floor), and
 * a read that is incomplete leaves the last answer standing.
 */

const REFRESH_MS = 60_000;
const stepMs = (interval: StaffingInterval) => STEP_MINUTES[interval] * 60_000;

export interface StaffedInterval {
  start: number;
  end: number;
  actualOpen: number;
  scheduledOpen: number;
  required: number | null;
  diff: number;
  /** Seconds of the interval nobody can know (a gap in the feed). */
  unknownSeconds: number;
}

export interface UnderstaffingSources extends TimelineSources {
  schedules: ScheduleStore;
  vocabulary: Vocabulary;
  /** The labels config's teams (none: the whole floor is judged as one). */
  teamNames: readonly string[];
  /** The floor's zone: where the intervals' boundaries lie. */
  zone: string;
}

export class Understaffing {
  /** By interval length, then team ("" for the whole floor): the last completed intervals, oldest first. */
  private byInterval = new Map<StaffingInterval, Map<string, StaffedInterval[]>>();
  /** By interval length: until when the last read stands (a minute, or the next interval's end). */
  private readUntil = new Map<StaffingInterval, number>();
  /** The rules' conditions, as last asked for. */
  conditions: readonly Condition<"understaffed">[] = [];

  constructor(private readonly s: UnderstaffingSources) {}

  private running: Promise<void> | null = null;

  /**
   * Reads the teams' last completed intervals again when a minute has passed or an interval has
   * ended since the last read; a read still going (a slow or hanging store) is joined, never doubled.
   */
  refresh(now: number, conditions: readonly Condition<"understaffed">[]): Promise<void> {
    this.conditions = conditions;
    this.running ??= this.readIntervals(now, conditions).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async readIntervals(now: number, conditions: readonly Condition<"understaffed">[]): Promise<void> {
    const wanted = new Map<StaffingInterval, number>();
    for (const c of conditions) wanted.set(c.interval, Math.max(wanted.get(c.interval) ?? 0, c.intervals));
    for (const [interval, count] of wanted) {
      // Asked every round (each second): nothing is worked out until a minute has passed or the
      // next interval can have ended.
      if (now < (this.readUntil.get(interval) ?? -Infinity)) continue;
      const cells = completed(now, this.s.zone, interval, count);
      if (cells.length === 0) continue;
      const upTo = cells.at(-1)!.end;
      // Marked read before it is: a read that fails is tried again in a minute, not every round.
      this.readUntil.set(interval, Math.min(now + REFRESH_MS, upTo + stepMs(interval)));
      const from = cells[0]!.start;
      const everyone = agentSnapshots(this.s.poller, this.s.teams);
      const teams = this.s.teamNames.length > 0 ? this.s.teamNames : [""];
      const kept = this.byInterval.get(interval) ?? new Map<string, StaffedInterval[]>();
      for (const team of teams) {
        const agents: AgentSnapshot[] = team === "" ? everyone : everyone.filter((a) => a.team !== null && sameTeam(a.team, team));
        const report = await intradayReport(this.s, this.s.vocabulary, { from, to: upTo, date: "", tz: this.s.zone, interval, teams: team === "" ? [] : [team] }, agents, { now, deadline: now + 2_000 });
        // Incomplete (part of it still being read): what was known before stands.
        if (!report.complete && kept.has(team)) continue;
        kept.set(
          team,
          report.rows.flatMap((r) =>
            r.actualOpen === null || r.diff === null
              ? []
              : [{ start: Date.parse(r.start), end: Date.parse(r.end), actualOpen: r.actualOpen, scheduledOpen: r.scheduledOpen, required: r.required, diff: r.diff, unknownSeconds: report.complete ? r.unknownSeconds : Math.max(1, r.unknownSeconds) }],
          ),
        );
      }
      this.byInterval.set(interval, kept);
    }
  }

  /**
   * The teams short now by this condition: the last `intervals` completed intervals each at
   * `diff ≤ −by`, with nothing unknown in them; with the intervals that make it so.
   */
  short(c: Condition<"understaffed">): { team: string | null; intervals: StaffedInterval[] }[] {
    const out: { team: string | null; intervals: StaffedInterval[] }[] = [];
    for (const [team, rows] of this.byInterval.get(c.interval) ?? []) {
      const last = rows.slice(-c.intervals);
      if (last.length === c.intervals && last.every((r) => r.unknownSeconds === 0 && r.diff <= -c.by)) out.push({ team: team === "" ? null : team, intervals: last });
    }
    return out;
  }
}

/** The last `count` intervals of `interval` in `zone` that have ended by `now`, oldest first. */
function completed(now: number, zone: string, interval: StaffingInterval, count: number): { start: number; end: number }[] {
  const from = startOfDay(now - (count + 1) * stepMs(interval), zone);
  const b = intervalBoundaries(from, now, zone, interval);
  // The last boundary is `now` itself: an interval ending there has not ended unless it is a boundary.
  const ends = b.slice(0, -1);
  const cells: { start: number; end: number }[] = [];
  for (let i = 0; i + 1 < ends.length; i++) cells.push({ start: ends[i]!, end: ends[i + 1]! });
  return cells.slice(-count);
}
