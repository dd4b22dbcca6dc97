import { NextResponse } from "next/server";
import type { AgentBreaks, BreaksAnswer } from "@/lib/api-types";
import { inScope, isEverything, sameTeam } from "@/lib/auth/scope";
import { NO_STORE, withErrors } from "@/lib/server/http";
import { agentSnapshot, isKnownAgent } from "@/lib/server/snapshot";
import { served } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

/**
 * Break budgets and team caps now (the labels config's `budgets` and `caps`), in the viewer's
 * scope (a wallboard link's too): each agent's used time per category this shift, and each
 * capped team's count in the category now. Empty when none are configured.
 */
export const GET = withErrors(async (req) => {
  const s = await served(req);
  if (s instanceof Response) return s;
  const { liveBreaks, liveAdherence, poller, teams } = s.runtime;
  await liveAdherence.refresh();
  const all = liveBreaks.compute(Date.now());
  if (isEverything(s.scope)) return NextResponse.json(all, { headers: { "Cache-Control": NO_STORE } });
  const visible = (agentId: string) => isKnownAgent(poller, agentId) && inScope(agentSnapshot(poller, agentId, teams), s.scope);
  const agents: Record<string, AgentBreaks> = {};
  for (const [id, a] of Object.entries(all.agents)) if (visible(id)) agents[id] = a;
  // A team's cap when the scope names the team; for a scope of agents or a name prefix (a link),
  // only the caps of the teams its own agents are in: never another team's count.
  const scopeTeams = s.scope.teams ?? (await s.runtime.scopedSnapshots.teamsOf(await s.runtime.snapshots.current(), s.scope));
  const caps = all.caps.filter((c) => scopeTeams.some((t) => sameTeam(t, c.team))).map((c) => ({ ...c, agents: c.agents.filter(visible) }));
  const body: BreaksAnswer = { ...all, agents, caps };
  return NextResponse.json(body, { headers: { "Cache-Control": NO_STORE } });
});
