import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { BehaviourFlag, FlagsReport, LiveFlagsAnswer } from "@/lib/api-types";
import { getJson } from "./fetch-json";
import { serverNow } from "./server-clock";
import { queryKeys } from "./keys";

export const fetchLiveFlags = (signal: AbortSignal) => getJson<LiveFlagsAnswer>("/api/flags/live", signal);

/** Who is flagged now (a flag still holding) and this shift (any flag). */
export function flaggedOf(agents: Readonly<Record<string, readonly BehaviourFlag[]>>): { now: ReadonlySet<string>; shift: ReadonlySet<string> } {
  const ids = Object.keys(agents);
  return { now: new Set(ids.filter((id) => agents[id]!.some((f) => f.active))), shift: new Set(ids) };
}

/** One agent's flags raised in a window (`/api/flags?agent&from&to`): the drill-down's list, following the live feed while the window holds now. */
export function agentFlagsQueryOptions(agentId: string, from: number, to: number, refreshMs: number) {
  return queryOptions({
    queryKey: queryKeys.flags.agent(agentId, from, to),
    queryFn: async ({ signal }) => {
      const q = new URLSearchParams({ agent: agentId, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
      return getJson<FlagsReport>(`/api/flags?${q}`, signal);
    },
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data && !query.state.data.complete ? 2_000 : to > serverNow() ? refreshMs : false),
  });
}
