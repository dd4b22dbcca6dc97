import { NextResponse } from "next/server";
import { NO_STORE, withErrors } from "@/lib/server/http";
import { agentNowOf, served } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

/**
 * One agent's current state, from memory like `/api/agents` (never an upstream call): what the
 * drill-down's header polls, so a phone following one agent on a floor of thousands does not
 * fetch the whole floor every few seconds.
 */
export const GET = withErrors(async (req, { params }: { params: Promise<{ agentId: string }> }) => {
  const { agentId } = await params;
  const s = await served(req);
  if (s instanceof Response) return s;
  const body = agentNowOf(s, agentId);
  if (body instanceof Response) return body;
  return NextResponse.json(body, { headers: { "Cache-Control": NO_STORE } });
});
