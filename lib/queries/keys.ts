import type { WindowSpec } from "@/lib/display/time";

/**
 * Every query key of the browser's cache, one factory per resource: what a query is cached
 * under, and what a change makes stale (`invalidateQueries({ queryKey: queryKeys.schedules.all })`)
 * are written here once.
 */
export const queryKeys = {
  agents: {
    all: ["agents"] as const,
    /** The whole floor's `/api/agents` answer (kept for its ETag). */
    snapshot: () => [...queryKeys.agents.all, "snapshot"] as const,
    one: (agentId: string) => [...queryKeys.agents.all, "one", agentId] as const,
  },
  /** The grid's and wallboard's live answers asked for together (`floor.ts`). */
  floor: <P>(parts: P) => ["floor", parts] as const,
  /** The floor at a past instant (`/api/agents?at=`). */
  floorAt: (at: number | null) => ["floor-at", at] as const,
  adherence: {
    live: ["adherence-live"] as const,
    window: (from: number, to: number, agents: readonly string[]) => ["adherence", from, to, [...agents]] as const,
    report: (from: number, to: number, tz: string, teams: readonly string[], agents: readonly string[]) => ["adherence-report", from, to, tz, [...teams], [...agents]] as const,
    /** What an adjustment made or revoked makes stale: every adherence answer, and the adjustments' lists. */
    changed: [["adherence-live"], ["adherence"], ["adherence-report"], ["adjustments"]] as const,
  },
  adjustments: {
    window: (from: number, to: number) => ["adjustments", from, to] as const,
  },
  breaks: { live: ["breaks-live"] as const },
  flags: {
    live: ["flags-live"] as const,
    agent: (agentId: string, from: number, to: number) => ["flags", agentId, from, to] as const,
  },
  alerts: ["alerts"] as const,
  diagnostics: { summary: ["diagnostics-summary"] as const },
  reports: {
    report: (from: number, to: number, interval: string, tz: string, teams: readonly string[], agents: readonly string[]) => ["report", from, to, interval, tz, [...teams], [...agents]] as const,
    roster: ["report-roster"] as const,
  },
  intraday: {
    day: (date: string, tz: string, interval: string, team: string | null) => ["intraday", date, tz, interval, team] as const,
    now: (tz: string | null, interval: string, team: string | null) => ["intraday-now", tz, interval, team] as const,
  },
  schedules: {
    /** Every window's rows: what an upload makes stale. */
    all: ["schedules"] as const,
    window: (from: number, to: number) => [...queryKeys.schedules.all, from, to] as const,
    /** The import profiles (built in and saved). */
    profiles: ["schedule-profiles"] as const,
    /** The calendars subscribed to. */
    subscriptions: ["schedule-subscriptions"] as const,
  },
  timeline: {
    all: ["timeline"] as const,
    window: (agentId: string, spec: WindowSpec, zone: string) => [...queryKeys.timeline.all, agentId, spec, zone] as const,
  },
};
