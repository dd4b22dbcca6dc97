import "server-only";
import type { AgentsSnapshot, AgentSnapshot, UpstreamSnapshot } from "@/lib/api-types";
import type { Poller } from "./poller";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function displayName(first: string, last: string): string | null {
  const name = `${first} ${last}`.trim();
  return name || null;
}

export function upstreamSnapshot(poller: Poller, now: number, staleAfterMs: number): UpstreamSnapshot {
  const { status, lastSuccessAt, lastError, backfilled } = poller.health;
  return {
    status,
    lastSuccessAt: iso(lastSuccessAt),
    lastError: lastError && { code: lastError.code, message: lastError.message, at: iso(lastError.at)! },
    // Stale by how far the feed has been read, not by the last good call: while catching up
    // after an outage, calls succeed but the picture is still behind.
    stale: backfilled && now - poller.coveredUntil > staleAfterMs,
    coveredUntil: backfilled ? iso(poller.coveredUntil) : null,
  };
}

/** Every agent Floorview knows: on the roster (Agents API) or seen in the activity feed. */
export function knownAgentIds(poller: Poller): Set<string> {
  const ids = new Set<string>(poller.roster.keys());
  for (const id of poller.events.agentIds()) ids.add(id);
  return ids;
}

/**
 * Every agent on the roster or in the feed, by name then id. Until the backfill has reached
 * now, states are withheld: a state hours old shown as current is worse than none.
 */
export function agentSnapshots(poller: Poller, teams: Teams = NO_TEAMS): AgentSnapshot[] {
  const agents: AgentSnapshot[] = [];
  for (const agentId of knownAgentIds(poller)) agents.push(agentSnapshot(poller, agentId, teams));
  return agents.sort(
    (a, b) => (a.name ?? "\uffff").localeCompare(b.name ?? "\uffff") || a.agentId.localeCompare(b.agentId),
  );
}

/** Agent id → team, from the labels config. */
export type Teams = ReadonlyMap<string, string>;
const NO_TEAMS: Teams = new Map();

export function agentSnapshot(poller: Poller, agentId: string, teams: Teams = NO_TEAMS): AgentSnapshot {
  const r = poller.roster.get(agentId);
  const s = poller.health.backfilled ? poller.events.stateOf(agentId) : null;
  return {
    agentId,
    name: r ? displayName(r.firstName, r.lastName) : null,
    activity: s?.activity ?? null,
    reasonCode: s?.reasonCode ?? null,
    since: iso(s?.since ?? null),
    lastEventAt: iso(s?.lastEventAt ?? null),
    team: teams.get(agentId) ?? null,
  };
}

/** True when Floorview has seen the agent: on the roster or in the feed held in memory. */
export function isKnownAgent(poller: Poller, agentId: string): boolean {
  return poller.roster.has(agentId) || poller.events.has(agentId);
}

export interface SnapshotBody {
  etag: string;
  /** The snapshot as JSON, without `asOf`; see `withAsOf`. */
  rest: string;
}

/**
 * Serialises the agents snapshot once per change, not once per request. `asOf` is the server's
 * clock at response time (browsers use it to tick time in state), so it is left out of the
 * cached part and of the ETag: an unchanged snapshot still answers 304.
 */
export class SnapshotCache {
  private cached: (SnapshotBody & { version: number; stale: boolean }) | null = null;

  constructor(
    private readonly poller: Poller,
    private readonly staleAfterMs: number,
    private readonly teams: Teams = NO_TEAMS,
  ) {}

  get(now: number): SnapshotBody {
    const upstream = upstreamSnapshot(this.poller, now, this.staleAfterMs);
    const c = this.cached;
    if (c && c.version === this.poller.version && c.stale === upstream.stale) return c;
    const version = this.poller.version;
    const rest = JSON.stringify({ upstream, agents: agentSnapshots(this.poller, this.teams) } satisfies Omit<AgentsSnapshot, "asOf">);
    const etag = `W/"${version.toString(36)}-${upstream.stale ? "s" : "f"}"`;
    this.cached = { version, stale: upstream.stale, rest, etag };
    return this.cached;
  }
}

export function withAsOf(rest: string, now: number): string {
  return `{"asOf":${JSON.stringify(new Date(now).toISOString())},${rest.slice(1)}`;
}
