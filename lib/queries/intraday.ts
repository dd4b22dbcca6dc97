import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { IntradayAnswer } from "@/lib/api-types";
import { getJson } from "./fetch-json";
import { queryKeys } from "./keys";

export interface IntradayParams {
  date: string;
  tz: string;
  interval: "15m" | "30m" | "1h";
  team: string | null;
}

export function intradaySearch(p: IntradayParams): string {
  const q = new URLSearchParams({ date: p.date, tz: p.tz, interval: p.interval });
  if (p.team) q.set("team", p.team);
  return q.toString();
}

/**
 * A day against its plan: a day holding now follows the floor every half minute (its live
 * interval moves); one still being read from Kore.ai asks again soon; a past, complete day is done.
 */
export function intradayQueryOptions(p: IntradayParams) {
  return queryOptions({
    queryKey: queryKeys.intraday.day(p.date, p.tz, p.interval, p.team),
    queryFn: ({ signal }) => getJson<IntradayAnswer>(`/api/intraday?${intradaySearch(p)}`, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => {
      const data = query.state.data;
      if (query.state.error) return 10_000;
      if (!data) return false;
      if (!data.complete) return 3_000;
      return data.rows.some((r) => r.live || r.actualOpen === null) ? 30_000 : false;
    },
    retry: (failures, error) => failures < 2 && !(error instanceof Error && "status" in error && (error as { status: number }).status < 500),
  });
}

/** The interval holding now and the next (the wallboard's strip), every half minute. */
export function intradayNowOptions(tz: string | null, interval: "15m" | "30m" | "1h" = "15m", team: string | null = null) {
  const q = new URLSearchParams({ now: "1", interval, ...(tz ? { tz } : {}), ...(team ? { team } : {}) });
  return queryOptions({
    queryKey: queryKeys.intraday.now(tz, interval, team),
    queryFn: ({ signal }) => getJson<IntradayAnswer>(`/api/intraday?${q}`, signal),
    refetchInterval: 30_000,
    placeholderData: keepPreviousData,
  });
}
