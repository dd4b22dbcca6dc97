import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { AgentTimeline } from "@/lib/api-types";
import { isRelative, resolveWindow, type WindowSpec } from "@/lib/display/time";
import { ensureOk } from "./fetch-json";
import { serverNow, syncServerClock } from "./server-clock";
import { queryKeys } from "./keys";


/** Marks when a timeline's data arrived, for the render benchmark (bench/timeline.mjs). */
export const TIMELINE_DATA_MARK = "floorview:timeline-data";

async function fetchTimeline(agentId: string, spec: WindowSpec, zone: string, signal: AbortSignal): Promise<AgentTimeline> {
  // A sliding window is resolved at each fetch, on the server's clock.
  const { from, to } = resolveWindow(spec, serverNow(), zone);
  const query = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  const sentAt = Date.now();
  const res = await ensureOk(await fetch(`/api/agents/${encodeURIComponent(agentId)}/timeline?${query}`, { cache: "no-store", signal }));
  const body = (await res.json()) as AgentTimeline;
  syncServerClock(Date.parse(body.asOf), sentAt, Date.now());
  performance.mark(TIMELINE_DATA_MARK);
  return body;
}

/**
 * A window still reading older history asks again soon; one that includes now follows the
 * live feed; a closed, complete window (yesterday) is done.
 */
export function timelineQueryOptions(agentId: string, spec: WindowSpec, zone: string, refreshMs: number) {
  return queryOptions({
    queryKey: queryKeys.timeline.window(agentId, spec, zone),
    queryFn: ({ signal }) => fetchTimeline(agentId, spec, zone, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => {
      const data = query.state.data;
      if (query.state.error) return Math.max(refreshMs, 5_000);
      if (!data) return false;
      if (!data.complete) return 2_000;
      const open = isRelative(spec) || Date.parse(data.to) > serverNow();
      return open ? refreshMs : false;
    },
    refetchIntervalInBackground: true,
    retry: (failures, error) => failures < 2 && !(error instanceof Error && "status" in error && (error as { status: number }).status < 500),
  });
}
