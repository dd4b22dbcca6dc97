import { queryOptions, useQuery } from "@tanstack/react-query";
import type { BreaksAnswer, LiveAdherenceAnswer, TeamCap } from "@/lib/api-types";
import { overCap } from "@/lib/activity/budgets";
import { getJson } from "./fetch-json";
import { queryKeys } from "./keys";


export const fetchLiveAdherence = (signal: AbortSignal) => getJson<LiveAdherenceAnswer>("/api/adherence/live", signal);
export const fetchLiveBreaks = (signal: AbortSignal) => getJson<BreaksAnswer>("/api/breaks/live", signal);

/** Break budgets and team caps now (`/api/breaks/live`), at the grid's refresh; only when the labels config sets any. */
function liveBreaksQueryOptions(refreshMs: number) {
  return queryOptions({
    queryKey: queryKeys.breaks.live,
    queryFn: ({ signal }) => fetchLiveBreaks(signal),
    refetchInterval: refreshMs,
  });
}

/** Caps exceeded now (more agents in the category than the team allows: `overCap`, the alerts' rule too). */
export const capsOver = (caps: readonly TeamCap[]) => caps.filter(overCap);

export const NO_CAPS: TeamCap[] = [];

/** Break budgets now, and the caps exceeded (the grid's banner, the wallboard's summary). */
export function useLiveBreaks(refreshMs: number, configured: boolean) {
  const data = useQuery({ ...liveBreaksQueryOptions(refreshMs), enabled: configured }).data;
  return { data, overCap: data ? capsOver(data.caps) : NO_CAPS };
}
