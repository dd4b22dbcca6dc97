import "server-only";
import { createHash } from "node:crypto";
import type { AgentsSnapshot, AgentSnapshot } from "@/lib/api-types";
import { asSeen, inScope, isEverything, scopeKey, type Scope } from "@/lib/auth/scope";
import { deflateTail } from "../http/gzip-json";
import type { PublishedSnapshot } from "./snapshot-publisher";

/**
 * `/api/agents` for a viewer who may see only part of the floor (a team lead, a wallboard link):
 * the published snapshot cut down to the scope's agents, names reduced to initials under privacy,
 * the scope said in the answer. Made once per scope and published snapshot (every TV showing one
 * link shares it), compressed once, with its own content ETag.
 */
const MAX_SCOPES = 256;

export class ScopedSnapshots {
  private readonly made = new Map<string, { base: string; snapshot: Promise<PublishedSnapshot> }>();
  private readonly teams = new Map<string, { etag: string; teams: string[] }>();

  /** The teams of the scope's agents in this snapshot (a link of agents or a name prefix names none), once per scope and snapshot. */
  async teamsOf(base: PublishedSnapshot, scope: Scope): Promise<string[]> {
    const scoped = await this.of(base, scope);
    const key = scopeKey(scope);
    const hit = this.teams.get(key);
    if (hit && hit.etag === scoped.etag) return hit.teams;
    const { agents } = JSON.parse(`{${scoped.tail.toString("utf8")}`) as Pick<AgentsSnapshot, "agents">;
    const teams = [...new Set(agents.flatMap((a) => (a.team === null ? [] : [a.team])))];
    this.teams.delete(key);
    this.teams.set(key, { etag: scoped.etag, teams });
    if (this.teams.size > MAX_SCOPES) this.teams.delete(this.teams.keys().next().value!);
    return teams;
  }

  of(base: PublishedSnapshot, scope: Scope): Promise<PublishedSnapshot> {
    if (isEverything(scope)) return Promise.resolve(base);
    const key = scopeKey(scope);
    const hit = this.made.get(key);
    if (hit && hit.base === base.etag) return hit.snapshot;
    const snapshot = cut(base, scope);
    this.made.delete(key);
    this.made.set(key, { base: base.etag, snapshot });
    // The oldest scope goes first (a Map keeps insertion order; a hit above does not move it, a rebuild does).
    if (this.made.size > MAX_SCOPES) this.made.delete(this.made.keys().next().value!);
    snapshot.catch(() => this.made.delete(key));
    return snapshot;
  }
}

/** The snapshot's agents inside the scope, as the scope lets them be seen. */
function scopedAgents(agents: readonly AgentSnapshot[], scope: Scope): AgentSnapshot[] {
  return agents.filter((a) => inScope(a, scope)).map((a) => asSeen(a, scope));
}

async function cut(base: PublishedSnapshot, scope: Scope): Promise<PublishedSnapshot> {
  const whole = JSON.parse(`{${base.tail.toString("utf8")}`) as Omit<AgentsSnapshot, "asOf">;
  const rest = JSON.stringify({ upstream: whole.upstream, agents: scopedAgents(whole.agents, scope), scope } satisfies Omit<AgentsSnapshot, "asOf">);
  const tail = Buffer.from(rest.slice(1), "utf8");
  const etag = `W/"${createHash("sha1").update(rest).digest("base64url").slice(0, 22)}"`;
  return { etag, tail, gzip: await deflateTail(tail), publishedAt: base.publishedAt };
}
