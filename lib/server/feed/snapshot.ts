import "server-only";
import { createHash } from "node:crypto";
import type { AgentState, RosterEntry } from "@/lib/activity/types";
import type { AgentSnapshot, UpstreamSnapshot } from "@/lib/api-types";
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
    ...(poller.store && { store: { status: poller.store.status.status, since: iso(poller.store.status.since) } }),
    namesLoading: poller.rosterLoadedAt === null,
    ...(poller.monitor?.timesFailing && { timesUnreliable: true }),
  };
}

/**
 * Every agent Floorview knows: on the roster (Agents API) or seen in the activity feed. When the
 * whole roster is read and none of its ids is in the feed, the two APIs name agents differently:
 * the feed's agents are shown, once, never a doubled floor (diagnostics' `roster_ids` says so).
 */
export function knownAgentIds(poller: Poller): Set<string> {
  const ids = new Set<string>(poller.events.agentIds());
  let shared = false;
  for (const id of ids) {
    if (poller.roster.has(id)) {
      shared = true;
      break;
    }
  }
  if (shared || ids.size === 0 || poller.rosterLoadedAt === null) for (const id of poller.roster.keys()) ids.add(id);
  return ids;
}

const collator = new Intl.Collator(undefined, { sensitivity: "variant" });
const byNameThenId = (a: AgentSnapshot, b: AgentSnapshot) => collator.compare(a.name ?? "\uffff", b.name ?? "\uffff") || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0);

/**
 * Every agent on the roster or in the feed, by name then id. Until the backfill has reached
 * now, states are withheld: a state hours old shown as current is worse than none.
 */
export function agentSnapshots(poller: Poller, teams: Teams = NO_TEAMS): AgentSnapshot[] {
  const agents: AgentSnapshot[] = [];
  for (const agentId of knownAgentIds(poller)) agents.push(agentSnapshot(poller, agentId, teams));
  return agents.sort(byNameThenId);
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

/** The Agents API's e-mails (lower case) to agent ids: built once per roster read, for the imports that name agents by e-mail. */
export function agentsByEmail(poller: Poller): (email: string) => string | null {
  let seen: unknown = null;
  let byEmail = new Map<string, string>();
  return (email) => {
    if (seen !== poller.roster) {
      seen = poller.roster;
      byEmail = new Map();
      for (const a of poller.roster.values()) if (a.email) byEmail.set(a.email, a.agentId);
    }
    return byEmail.get(email) ?? null;
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
interface Fragment {
  roster: RosterEntry | undefined;
  state: AgentState | null;
  json: string;
}

const sameState = (a: AgentState | null, b: AgentState | null) =>
  a === b || (a !== null && b !== null && a.since === b.since && a.lastEventAt === b.lastEventAt && a.activity === b.activity && a.reasonCode === b.reasonCode);

export class SnapshotCache {
  private cached: (SnapshotBody & { version: number; stale: boolean }) | null = null;
  /** Each agent's JSON, rebuilt only when its state or roster entry changed. */
  private readonly fragments = new Map<string, Fragment>();
  /** The agents in name order, re-sorted only when the roster or the set of agents changed. */
  private order: { roster: ReadonlyMap<string, RosterEntry>; ids: string[] } | null = null;

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
    const parts = this.sortedIds().map((id) => this.fragment(id));
    // The same JSON as JSON.stringify({ upstream, agents: agentSnapshots(…) }), built from parts.
    const rest = `{"upstream":${JSON.stringify(upstream)},"agents":[${parts.join(",")}]}`;
    // From the content, not this process's counter: instances behind one load balancer that
    // show the same state answer the same ETag, and never a 304 for a state a browser has not seen.
    const etag = `W/"${createHash("sha1").update(rest).digest("base64url").slice(0, 22)}"`;
    this.cached = { version, stale: upstream.stale, rest, etag };
    return this.cached;
  }

  private sortedIds(): string[] {
    const ids = knownAgentIds(this.poller);
    const o = this.order;
    if (o && o.roster === this.poller.roster && o.ids.length === ids.size && o.ids.every((id) => ids.has(id))) return o.ids;
    const sorted = [...ids].map((id) => agentSnapshot(this.poller, id)).sort(byNameThenId).map((a) => a.agentId);
    this.order = { roster: this.poller.roster, ids: sorted };
    for (const id of this.fragments.keys()) if (!ids.has(id)) this.fragments.delete(id);
    return sorted;
  }

  private fragment(agentId: string): string {
    const roster = this.poller.roster.get(agentId);
    const state = this.poller.health.backfilled ? this.poller.events.stateOf(agentId) : null;
    const f = this.fragments.get(agentId);
    if (f && f.roster === roster && sameState(f.state, state)) return f.json;
    const json = JSON.stringify(agentSnapshot(this.poller, agentId, this.teams));
    this.fragments.set(agentId, { roster, state, json });
    return json;
  }
}

/** `{"asOf":"…",`: what each answer puts in front of the snapshot's JSON, in place of its `{`. */
export const asOfPrefix = (now: number) => `{"asOf":${JSON.stringify(new Date(now).toISOString())},`;

export function withAsOf(rest: string, now: number): string {
  return asOfPrefix(now) + rest.slice(1);
}
