import "server-only";
import type { AgentBreaks, BehaviourFlag, BreaksAnswer, LiveAdherenceAgent, LiveAdherenceAnswer, LiveFlagsAnswer } from "@/lib/api-types";
import { inScope, isEverything, sameTeam, type Scope } from "@/lib/auth/scope";
import type { Runtime } from "../runtime";
import { agentSnapshot, isKnownAgent } from "../feed/snapshot";

/**
 * The floor now as one viewer may see it: adherence, break budgets and caps, and behaviour flags
 * cut to the viewer's scope (a team lead's teams, a wallboard link's agents). What the three live
 * routes answer (`/api/adherence/live`, `/api/breaks/live`, `/api/flags/live`): the routes hold
 * no scope decision of their own, and whatever else needs the floor as a viewer sees it (a page's
 * first paint, a digest) takes the same cut.
 */
type FloorRuntime = Pick<Runtime, "liveAdherence" | "liveBreaks" | "liveFlags" | "poller" | "teams" | "config" | "snapshots" | "scopedSnapshots" | "adherenceRules">;

function visibleIn(runtime: FloorRuntime, scope: Scope): (agentId: string) => boolean {
  const { poller, teams } = runtime;
  return (agentId) => isKnownAgent(poller, agentId) && inScope(agentSnapshot(poller, agentId, teams), scope);
}

/** Adherence now of every agent with a schedule within a day of `now`, in the scope. */
export async function liveAdherenceIn(runtime: FloorRuntime, scope: Scope, now: number): Promise<LiveAdherenceAnswer> {
  await runtime.liveAdherence.refresh();
  const all = runtime.liveAdherence.compute(now);
  const agents: Record<string, LiveAdherenceAgent> = {};
  const visible = isEverything(scope) ? () => true : visibleIn(runtime, scope);
  for (const [agentId, a] of all) if (visible(agentId)) agents[agentId] = a;
  const { graceMs, graceByActivity = {} } = runtime.adherenceRules;
  const graceByActivitySeconds = Object.fromEntries(Object.entries(graceByActivity).flatMap(([k, ms]) => (ms === undefined ? [] : [[k, ms / 1000]])));
  return { asOf: new Date(now).toISOString(), graceSeconds: graceMs / 1000, graceByActivitySeconds, agents };
}

/**
 * Break budgets used and team caps now, in the scope: a team's cap when the scope names the team;
 * for a scope of agents or a name prefix (a link), only the caps of the teams its own agents are
 * in, never another team's count.
 */
export async function liveBreaksIn(runtime: FloorRuntime, scope: Scope, now: number): Promise<BreaksAnswer> {
  await runtime.liveAdherence.refresh();
  const all = runtime.liveBreaks.compute(now);
  if (isEverything(scope)) return all;
  const visible = visibleIn(runtime, scope);
  const agents: Record<string, AgentBreaks> = {};
  for (const [id, a] of Object.entries(all.agents)) if (visible(id)) agents[id] = a;
  const scopeTeams = scope.teams ?? (await runtime.scopedSnapshots.teamsOf(await runtime.snapshots.current(), scope));
  const caps = all.caps.filter((c) => scopeTeams.some((t) => sameTeam(t, c.team))).map((c) => ({ ...c, agents: c.agents.filter(visible) }));
  return { ...all, agents, caps };
}

/** Behaviour flags this shift, in the scope (agents with none left out). */
export async function liveFlagsIn(runtime: FloorRuntime, scope: Scope, now: number): Promise<LiveFlagsAnswer> {
  await runtime.liveAdherence.refresh();
  const all = runtime.liveFlags.compute(now);
  if (isEverything(scope)) return all;
  const visible = visibleIn(runtime, scope);
  const agents: Record<string, BehaviourFlag[]> = {};
  for (const [id, flags] of Object.entries(all.agents)) if (visible(id)) agents[id] = flags;
  return { ...all, agents };
}
