import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { AdherenceReport, ScheduleUpload, SchedulesAnswer } from "@/lib/api-types";
import { ApiRequestError, ensureOk, getJson } from "./fetch-json";
import { reportSearch, type ReportParams } from "./reports";
import { queryKeys } from "./keys";


/** A schedule's rows over a window (`/api/schedules`). */
export function schedulesQueryOptions(from: number, to: number) {
  return queryOptions({
    queryKey: queryKeys.schedules.window(from, to),
    queryFn: async ({ signal }) => {
      const q = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
      return getJson<SchedulesAnswer>(`/api/schedules?${q}`, signal);
    },
    placeholderData: keepPreviousData,
  });
}

/** Adherence over a window (`/api/adherence`): asked again soon while part of it is still being read, every half minute while it holds now. */
export function adherenceQueryOptions(from: number, to: number, agents: readonly string[] = []) {
  return queryOptions({
    queryKey: queryKeys.adherence.window(from, to, agents),
    queryFn: async ({ signal }) => {
      const q = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
      for (const a of agents) q.append("agent", a);
      return getJson<AdherenceReport>(`/api/adherence?${q}`, signal);
    },
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data && !query.state.data.complete ? 3_000 : to > Date.now() ? 30_000 : false),
  });
}

/**
 * Sends a schedule's CSV: a preview (checked, not saved) or the upload itself. A refusal for
 * problems in the file comes back as the upload's summary (its problems listed), not thrown.
 */
export async function sendSchedule(text: string, preview: boolean): Promise<ScheduleUpload> {
  const res = await fetch(`/api/schedules${preview ? "?preview=1" : ""}`, { method: "POST", headers: { "Content-Type": "text/csv" }, body: text });
  if (res.status === 400) {
    const body = (await res.json().catch(() => null)) as { upload?: ScheduleUpload; error?: { code: string; message: string } } | null;
    if (body?.upload) return body.upload;
    throw new ApiRequestError(400, body?.error?.code ?? "bad_request", body?.error?.message ?? "Floorview refused the schedule.");
  }
  await ensureOk(res);
  return (await res.json()) as ScheduleUpload;
}


/** Adherence for a report's window, teams and agents, per day in its zone: every half minute while the window holds now. */
export function adherenceReportOptions(p: ReportParams) {
  return queryOptions({
    queryKey: queryKeys.adherence.report(p.from, p.to, p.tz, p.teams, p.agents),
    queryFn: ({ signal }) => getJson<AdherenceReport>(`/api/adherence?${reportSearch({ ...p, interval: "1d" })}`, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data && !query.state.data.complete ? 3_000 : p.to > Date.now() ? 30_000 : false),
  });
}
