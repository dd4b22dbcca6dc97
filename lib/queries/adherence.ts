import { queryOptions, useQuery } from "@tanstack/react-query";
import type { BreaksAnswer, LiveAdherenceAnswer } from "@/lib/api-types";
import { ensureOk } from "./fetch-json";

/** Adherence now (`/api/adherence/live`): at the grid's refresh while someone is scheduled, every half minute otherwise. */
export function liveAdherenceQueryOptions(refreshMs: number) {
  return queryOptions({
    queryKey: ["adherence-live"] as const,
    queryFn: async ({ signal }) => (await (await ensureOk(await fetch("/api/adherence/live", { cache: "no-store", signal }))).json()) as LiveAdherenceAnswer,
    refetchInterval: (query) => (query.state.data && Object.keys(query.state.data.agents).length > 0 ? refreshMs : 30_000),
  });
}

/** Adherence now by agent id; undefined until read, and while nobody in view is scheduled. */
export function useLiveAdherence(refreshMs: number) {
  const agents = useQuery(liveAdherenceQueryOptions(refreshMs)).data?.agents;
  return agents && Object.keys(agents).length > 0 ? agents : undefined;
}

/** Break budgets and team caps now (`/api/breaks/live`), at the grid's refresh; only when the labels config sets any. */
export function liveBreaksQueryOptions(refreshMs: number) {
  return queryOptions({
    queryKey: ["breaks-live"] as const,
    queryFn: async ({ signal }) => (await (await ensureOk(await fetch("/api/breaks/live", { cache: "no-store", signal }))).json()) as BreaksAnswer,
    refetchInterval: refreshMs,
  });
}

export function useLiveBreaks(refreshMs: number, configured: boolean) {
  return useQuery({ ...liveBreaksQueryOptions(refreshMs), enabled: configured }).data;
}
