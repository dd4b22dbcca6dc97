import { NextResponse } from "next/server";
import { errorResponse, NO_STORE, withErrors } from "@/lib/server/http";
import { agentInView, served } from "@/lib/server/viewer";
import { parseWindow, readTimeline } from "@/lib/server/timeline";

export const dynamic = "force-dynamic";

/** How long a request waits for older history from Kore.ai before answering with what it has. */
const HISTORY_WAIT_MS = 4_000;

/** One agent's state segments over a window (default: the last 8 hours), and its schedule rows in it. */
export const GET = withErrors(async (req, { params }: { params: Promise<{ agentId: string }> }) => {
  const { agentId } = await params;
  const now = Date.now();
  const s = await served(req);
  if (s instanceof Response) return s;
  const { poller, history, staleAfterMs, teams, config } = s.runtime;
  const window = parseWindow(new URL(req.url).searchParams, now, config.store.retentionMs);
  if (!window.ok) return errorResponse("bad_request", window.message);
  const agent = agentInView(s, agentId);
  if (agent instanceof Response) return agent;
  const [body, rows] = await Promise.all([
    readTimeline({ poller, history, staleAfterMs, teams }, agentId, window.from, window.to, { now, waitMs: HISTORY_WAIT_MS }),
    // The schedule comes with the timeline, so the band under it is drawn with it (nothing moves after).
    s.runtime.schedules.rows(window.from, window.to, [agentId]).catch(() => []),
  ]);
  const iso = (ms: number) => new Date(ms).toISOString();
  return NextResponse.json({ ...body, schedule: rows.map((r) => ({ start: iso(r.start), end: iso(r.end), activity: r.activity })) }, { headers: { "Cache-Control": NO_STORE } });
});
