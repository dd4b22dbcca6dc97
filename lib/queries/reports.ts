import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { AgentsSnapshot, TimeInStateReport } from "@/lib/api-types";
import { getJson } from "./fetch-json";
import { serverNow } from "./server-clock";
import { queryKeys } from "./keys";

/** What a report asks for: the window (UTC ms), the rows' interval, the zone, the teams or the agents picked. */
export interface ReportParams {
  from: number;
  to: number;
  interval: "15m" | "30m" | "1h" | "1d";
  tz: string;
  teams: readonly string[];
  agents: readonly string[];
}

export function reportSearch(p: ReportParams, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ from: new Date(p.from).toISOString(), to: new Date(p.to).toISOString(), interval: p.interval, tz: p.tz, ...extra });
  for (const t of p.teams) q.append("team", t);
  for (const a of p.agents) q.append("agent", a);
  return q.toString();
}

/**
 * A report still being read (older history from Kore.ai) asks again soon and fills in; one that
 * includes now follows the floor every half minute; a closed, complete window is done.
 */
export function reportQueryOptions(p: ReportParams) {
  return queryOptions({
    queryKey: queryKeys.reports.report(p.from, p.to, p.interval, p.tz, p.teams, p.agents),
    queryFn: ({ signal }) => getJson<TimeInStateReport>(`/api/reports/time-in-state?${reportSearch(p)}`, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => {
      const data = query.state.data;
      if (query.state.error) return 10_000;
      if (!data) return false;
      if (!data.complete) return 3_000;
      return p.to > serverNow() ? 30_000 : false;
    },
    retry: (failures, error) => failures < 2 && !(error instanceof Error && "status" in error && (error as { status: number }).status < 500),
  });
}

/** Who may be picked for a report: the agents the viewer sees now, read once when the picker is first used. */
export function reportRosterOptions() {
  return queryOptions({
    queryKey: queryKeys.reports.roster,
    queryFn: async ({ signal }) => (await getJson<AgentsSnapshot>("/api/agents", signal)).agents,
    staleTime: 5 * 60_000,
  });
}
