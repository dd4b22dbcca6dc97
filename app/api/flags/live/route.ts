import { NextResponse } from "next/server";
import type { BehaviourFlag, LiveFlagsAnswer } from "@/lib/api-types";
import { inScope, isEverything } from "@/lib/auth/scope";
import { NO_STORE, withErrors } from "@/lib/server/http";
import { agentSnapshot, isKnownAgent } from "@/lib/server/snapshot";
import { served } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

/**
 * Behaviour flags now, in the viewer's scope (a wallboard link's too): each agent's flags raised
 * since its shift (or the floor's day) began, active or cleared. Agents with none are left out.
 */
export const GET = withErrors(async (req) => {
  const s = await served(req);
  if (s instanceof Response) return s;
  const { liveFlags, liveAdherence, poller, teams } = s.runtime;
  await liveAdherence.refresh();
  const all = liveFlags.compute(Date.now());
  if (isEverything(s.scope)) return NextResponse.json(all, { headers: { "Cache-Control": NO_STORE } });
  const agents: Record<string, BehaviourFlag[]> = {};
  for (const [id, flags] of Object.entries(all.agents)) if (isKnownAgent(poller, id) && inScope(agentSnapshot(poller, id, teams), s.scope)) agents[id] = flags;
  const body: LiveFlagsAnswer = { ...all, agents };
  return NextResponse.json(body, { headers: { "Cache-Control": NO_STORE } });
});
