import { route } from "@/lib/server/http/http";
import { queryOf } from "@/lib/server/http/query";
import { readTimeline, timelineQuery } from "@/lib/server/reports/timeline";
import { agentInView, served } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** How long a request waits for older history from Kore.ai before answering with what it has. */
const HISTORY_WAIT_MS = 4_000;

/** One agent's state segments over a window (default: the last 8 hours), and its schedule rows in it. */
export const GET = route(async (req, { params }: { params: Promise<{ agentId: string }> }) => {
  const { agentId } = await params;
  const now = Date.now();
  const s = await served(req);
  const { poller, history, staleAfterMs, teams, config, schedules } = s.runtime;
  const window = queryOf(req, timelineQuery({ now, retentionMs: config.store.retentionMs }));
  agentInView(s, agentId);
  const [body, rows] = await Promise.all([
    readTimeline({ poller, history, staleAfterMs, teams }, agentId, window.from, window.to, { now, waitMs: HISTORY_WAIT_MS }),
    // The schedule comes with the timeline, so the band under it is drawn with it (nothing moves after).
    schedules.rows(window.from, window.to, [agentId]).catch(() => []),
  ]);
  const iso = (ms: number) => new Date(ms).toISOString();
  return { ...body, schedule: rows.map((r) => ({ start: iso(r.start), end: iso(r.end), activity: r.activity })) };
});
