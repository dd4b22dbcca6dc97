import { NextResponse } from "next/server";
import type { LiveAdherenceAgent, LiveAdherenceAnswer } from "@/lib/api-types";
import { inScope, isEverything } from "@/lib/auth/scope";
import { NO_STORE, withErrors } from "@/lib/server/http";
import { agentSnapshot, isKnownAgent } from "@/lib/server/snapshot";
import { served } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

/**
 * Adherence now of every agent with a schedule within a day of now, in the viewer's scope (a
 * wallboard link's too): what is scheduled, in or out since when, the exception, what is next.
 * From memory; computed at most once a second whoever asks.
 */
export const GET = withErrors(async (req) => {
  const s = await served(req);
  if (s instanceof Response) return s;
  const { liveAdherence, poller, teams, config } = s.runtime;
  await liveAdherence.refresh();
  const now = Date.now();
  const all = liveAdherence.compute(now);
  const agents: Record<string, LiveAdherenceAgent> = {};
  const everything = isEverything(s.scope);
  for (const [agentId, a] of all) {
    if (!everything && !(isKnownAgent(poller, agentId) && inScope(agentSnapshot(poller, agentId, teams), s.scope))) continue;
    agents[agentId] = a;
  }
  const body: LiveAdherenceAnswer = { asOf: new Date(now).toISOString(), graceSeconds: config.adherence.graceMs / 1000, agents };
  return NextResponse.json(body, { headers: { "Cache-Control": NO_STORE } });
});
