import { NextResponse } from "next/server";
import { errorResponse, NO_STORE, withErrors } from "@/lib/server/http";
import { inScope } from "@/lib/auth/scope";
import { agentSnapshot, isKnownAgent } from "@/lib/server/snapshot";
import { served } from "@/lib/server/viewer";
import { parseWindow, readTimeline } from "@/lib/server/timeline";

export const dynamic = "force-dynamic";

/** How long a request waits for older history from Kore.ai before answering with what it has. */
const HISTORY_WAIT_MS = 4_000;
const AGENT_ID = /^[^\u0000-\u001f\u007f]{1,200}$/;

/** One agent's state segments over a window (default: the last 8 hours). */
export const GET = withErrors(async (req, { params }: { params: Promise<{ agentId: string }> }) => {
  const { agentId } = await params;
  if (!AGENT_ID.test(agentId)) return errorResponse("bad_request", "The agent id is empty, too long or has control characters.");
  const now = Date.now();
  const s = await served(req);
  if (s instanceof Response) return s;
  const { poller, history, staleAfterMs, teams, config } = s.runtime;
  const window = parseWindow(new URL(req.url).searchParams, now, config.store.retentionMs);
  if (!window.ok) return errorResponse("bad_request", window.message);

  if (!isKnownAgent(poller, agentId)) {
    // Until the roster and the backfill are in, "never seen" cannot be told apart from "not read yet".
    if (!poller.health.backfilled || poller.rosterLoadedAt === null) {
      return errorResponse("starting", "Floorview is still reading the feed; try again in a few seconds.", { headers: { "Retry-After": "2" } });
    }
    return errorResponse("not_found", "No agent with this id is on the roster or in the activity feed.");
  }
  // Outside the viewer's teams: the same answer as for an agent that does not exist.
  if (!inScope(agentSnapshot(poller, agentId, teams), s.scope)) return errorResponse("not_found", "No agent with this id in the teams you may see.");
  const body = await readTimeline({ poller, history, staleAfterMs, teams }, agentId, window.from, window.to, { now, waitMs: HISTORY_WAIT_MS });
  return NextResponse.json(body, { headers: { "Cache-Control": NO_STORE } });
});
