import "server-only";
import type { ActivityEvent, RosterEntry } from "@/lib/activity/types";
import type { HealthState } from "../feed/upstream-health";

/**
 * How the leader's reads are written to Redis and read back by the other instances. Compact on
 * purpose: a 12-hour backfill of 5,000 agents is about 350,000 events.
 */

/** Redis keys for one Kore.ai account: every instance reading it shares them. */
export interface ClusterKeys {
  /** The leader lease: the leading instance's id, expiring unless renewed. */
  lease: string;
  /** A stream of the leader's reads (events, watermark, health) and roster changes. */
  events: string;
  /** The roster: a hash of `json` (the agents) and `seq` (bumped on every change). */
  roster: string;
  /** The request budget: a sorted set of send times. */
  budget: string;
  /** A pause on every request until this time (a 429's Retry-After). */
  pause: string;
  /** A closed chunk of older history, as one instance read it for the drill-down. */
  history: (start: number) => string;
  /** Prefix of the login throttle's keys. */
  login: string;
  /** Revoked wallboard links: a sorted set of link ids scored by when they expire. */
  revokedLinks: string;
}

/** The `{…}` hash tag keeps an account's keys in one slot, so the scripts also run on Redis Cluster. */
export function clusterKeys(accountId: string): ClusterKeys {
  const p = `floorview:{${accountId}}:`;
  return {
    lease: `${p}lease`,
    events: `${p}events`,
    roster: `${p}roster`,
    budget: `${p}budget`,
    pause: `${p}pause`,
    history: (start) => `${p}history:${start}`,
    login: p,
    revokedLinks: `${p}links:revoked`,
  };
}

type WireEvent = [string, number, string, string | null];

export function encodeEvents(events: readonly ActivityEvent[]): string {
  return JSON.stringify(events.map((e): WireEvent => [e.agentId, e.time, e.activity, e.reasonCode]));
}

/** Events from the stream; an entry that is not one (another version wrote it?) is skipped and counted. */
export function decodeEvents(text: string | undefined): { events: ActivityEvent[]; skipped: number } {
  const events: ActivityEvent[] = [];
  let skipped = 0;
  let rows: unknown;
  try {
    rows = JSON.parse(text ?? "[]");
  } catch {
    return { events, skipped: 1 };
  }
  if (!Array.isArray(rows)) return { events, skipped: 1 };
  for (const r of rows) {
    if (
      Array.isArray(r) &&
      typeof r[0] === "string" &&
      typeof r[1] === "number" &&
      Number.isFinite(r[1]) &&
      typeof r[2] === "string" &&
      (r[3] === null || typeof r[3] === "string")
    ) {
      events.push({ agentId: r[0], time: r[1], activity: r[2], reasonCode: r[3] });
    } else skipped++;
  }
  return { events, skipped };
}

export const encodeHealth = (h: HealthState): string => JSON.stringify(h);

export function decodeHealth(text: string | undefined): HealthState | null {
  try {
    const h = JSON.parse(text ?? "") as Partial<HealthState> | null;
    if (!h || typeof h.status !== "string" || typeof h.backfilled !== "boolean") return null;
    return {
      status: h.status,
      lastSuccessAt: typeof h.lastSuccessAt === "number" ? h.lastSuccessAt : null,
      lastError: h.lastError ?? null,
      consecutiveFailures: typeof h.consecutiveFailures === "number" ? h.consecutiveFailures : 0,
      backfilled: h.backfilled,
    };
  } catch {
    return null;
  }
}

export function encodeRoster(roster: ReadonlyMap<string, RosterEntry>, loadedAt: number | null): string {
  const agents: string[][] = [];
  for (const a of roster.values()) agents.push(a.email ? [a.agentId, a.firstName, a.lastName, a.email] : [a.agentId, a.firstName, a.lastName]);
  return JSON.stringify({ loadedAt, agents });
}

export function decodeRoster(text: string): { roster: Map<string, RosterEntry>; loadedAt: number | null } | null {
  try {
    const body = JSON.parse(text) as { loadedAt?: unknown; agents?: unknown };
    if (!Array.isArray(body.agents)) return null;
    const roster = new Map<string, RosterEntry>();
    for (const a of body.agents) {
      if (Array.isArray(a) && typeof a[0] === "string" && typeof a[1] === "string" && typeof a[2] === "string") {
        roster.set(a[0], { agentId: a[0], firstName: a[1], lastName: a[2], ...(typeof a[3] === "string" && { email: a[3] }) });
      }
    }
    return { roster, loadedAt: typeof body.loadedAt === "number" ? body.loadedAt : null };
  } catch {
    return null;
  }
}

/** Orders Redis stream ids (`<ms>-<seq>`). */
export function compareStreamIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split("-").map(Number);
  const [bm = 0, bs = 0] = b.split("-").map(Number);
  return am - bm || as - bs;
}

/** A stream entry's flat field list as an object. */
export function entryFields(flat: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}

/** A Redis URL for messages and logs: scheme, host, port and database, never a user or password. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(not a URL)";
  }
}
