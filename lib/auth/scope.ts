import "server-only";
import { initialsOf } from "@/lib/activity/names";
import type { AgentScope, AgentSnapshot } from "@/lib/api-types";
import { sameTeam, teamIn } from "@/lib/states/collate";

/**
 * What part of the floor a viewer may see, enforced on the server: a team lead's teams, a
 * wallboard link's teams, agents and name prefix, and whether names are reduced to initials.
 * Pure; the server applies it to every answer that carries agents (lib/server/live/scoped-snapshots.ts,
 * the timeline, exports).
 */
export type Scope = AgentScope;

/** The whole floor, names shown. */
export const EVERYTHING: Scope = { teams: null, agents: null, prefix: null, privacy: false };

const clean = (list: readonly string[] | null | undefined): string[] | null => {
  if (!list) return null;
  const out = [...new Set(list.map((v) => v.trim()).filter(Boolean))].sort();
  return out;
};

/** A scope in one canonical form: lists trimmed, de-duplicated and sorted; the prefix lower-case. */
export function normalizeScope(s: Partial<Scope>): Scope {
  return { teams: clean(s.teams), agents: clean(s.agents), prefix: s.prefix?.trim().toLowerCase() || null, privacy: s.privacy === true };
}

export const isEverything = (s: Scope) => s.teams === null && s.agents === null && s.prefix === null && !s.privacy;

/** One string per scope: the cache key of the answers made for it. */
export const scopeKey = (s: Scope) => JSON.stringify(normalizeScope(s));

const list = (value: string | null) => (value === null ? null : value.split(","));

/** The scope part of a wallboard's URL options (`teams=…&agents=…&prefix=…&privacy=1`). */
export function scopeFromOptions(params: URLSearchParams): Scope {
  const privacy = params.get("privacy");
  return normalizeScope({ teams: list(params.get("teams")), agents: list(params.get("agents")), prefix: params.get("prefix"), privacy: privacy === "1" || privacy === "true" });
}

export { sameTeam, teamIn };

/** True when the agent is inside the scope (teams compared without regard to case). */
export function inScope(agent: Pick<AgentSnapshot, "agentId" | "name" | "team">, s: Scope): boolean {
  if (s.agents && !s.agents.includes(agent.agentId)) return false;
  if (s.teams && !teamIn(s.teams, agent.team)) return false;
  if (s.prefix && !(agent.name ?? agent.agentId).toLowerCase().startsWith(s.prefix)) return false;
  return true;
}

/** The agent as the scope lets it be seen: under privacy, the name reduced to initials. */
export function asSeen<A extends Pick<AgentSnapshot, "name">>(agent: A, s: Scope): A {
  return s.privacy && agent.name ? { ...agent, name: initialsOf(agent.name) } : agent;
}

/**
 * `requested` kept inside `limit`: a link never opens more than its creator may see. Teams are
 * the intersection (none in common: an error, not an empty board nobody understands).
 */
export function within(requested: Scope, limit: Scope): { ok: true; scope: Scope } | { ok: false; message: string } {
  const r = normalizeScope(requested);
  let teams = r.teams;
  if (limit.teams) {
    if (teams === null) teams = [...limit.teams];
    else {
      const outside = teams.filter((t) => !limit.teams!.some((l) => sameTeam(l, t)));
      if (outside.length) return { ok: false, message: `Outside your teams: ${outside.join(", ")}. You may use ${limit.teams.join(", ") || "no team"}.` };
    }
  }
  let agents = r.agents;
  if (limit.agents) agents = agents === null ? [...limit.agents] : agents.filter((a) => limit.agents!.includes(a));
  const prefix = limit.prefix && !(r.prefix ?? "").startsWith(limit.prefix) ? limit.prefix : r.prefix;
  return { ok: true, scope: normalizeScope({ teams, agents, prefix, privacy: r.privacy || limit.privacy }) };
}

/** For people: "Billing, Sales · names starting "am" · initials only"; "The whole floor". */
export function describeScope(s: Scope): string {
  const parts: string[] = [];
  if (s.teams) parts.push(s.teams.length ? `Teams ${s.teams.join(", ")}` : "No team");
  if (s.agents) parts.push(`${s.agents.length} agent${s.agents.length === 1 ? "" : "s"}`);
  if (s.prefix) parts.push(`names starting “${s.prefix}”`);
  if (!parts.length) parts.push("The whole floor");
  if (s.privacy) parts.push("initials only");
  return parts.join(" · ");
}
