import { queryOptions, useQuery } from "@tanstack/react-query";
import type { BreaksAnswer, LiveAdherenceAnswer, TeamCap } from "@/lib/api-types";
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

/** Caps exceeded now (more agents in the category than the team allows). */
export const capsOver = (caps: readonly TeamCap[]) => caps.filter((c) => c.count > c.cap);

const NO_CAPS: TeamCap[] = [];

/** Break budgets now, and the caps exceeded (the grid's banner, the wallboard's summary). */
export function useLiveBreaks(refreshMs: number, configured: boolean) {
  const data = useQuery({ ...liveBreaksQueryOptions(refreshMs), enabled: configured }).data;
  return { data, overCap: data ? capsOver(data.caps) : NO_CAPS };
}
