import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { AdherenceReport, CalendarSubscriptionJson, CalendarSubscriptionsAnswer, ImportProfileJson, ImportProfilesAnswer, ScheduleUpload, SchedulesAnswer } from "@/lib/api-types";
import { ApiRequestError, ensureOk, getJson, sendJson } from "./fetch-json";
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
export async function sendSchedule(text: string, preview: boolean, profile?: { name: string; zone: string | null }): Promise<ScheduleUpload> {
  const q = new URLSearchParams();
  if (preview) q.set("preview", "1");
  if (profile) q.set("profile", profile.name);
  if (profile?.zone) q.set("zone", profile.zone);
  const res = await fetch(`/api/schedules${q.size ? `?${q}` : ""}`, { method: "POST", headers: { "Content-Type": "text/csv" }, body: text });
  if (res.status === 400) {
    const body = (await res.json().catch(() => null)) as { upload?: ScheduleUpload; error?: { code: string; message: string } } | null;
    if (body?.upload) return body.upload;
    throw new ApiRequestError(400, body?.error?.code ?? "bad_request", body?.error?.message ?? "Floorview refused the schedule.");
  }
  await ensureOk(res);
  return (await res.json()) as ScheduleUpload;
}

/** The schedule import profiles (`/api/schedules/profiles`): built in, then saved by name. */
export const importProfilesOptions = () =>
  queryOptions({ queryKey: queryKeys.schedules.profiles, queryFn: ({ signal }) => getJson<ImportProfilesAnswer>("/api/schedules/profiles", signal), staleTime: 60_000 });

/** Keeps a profile by name (with the external-id table's CSV when one is chosen). */
export async function saveImportProfile(name: string, profile: Omit<ImportProfileJson, "name" | "builtIn" | "idTableSize" | "updatedAt" | "updatedBy">, idTableCsv: string | null): Promise<ImportProfileJson> {
  const res = await sendJson(`/api/schedules/profiles/${encodeURIComponent(name)}`, { ...profile, ...(idTableCsv !== null && { idTableCsv }) }, "PUT");
  return (await res.json()) as ImportProfileJson;
}

export async function deleteImportProfile(name: string): Promise<void> {
  await ensureOk(await fetch(`/api/schedules/profiles/${encodeURIComponent(name)}`, { method: "DELETE" }));
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

/** The calendars subscribed to (`/api/schedules/subscriptions`), every half minute while shown (a poll may land meanwhile). */
export const subscriptionsOptions = () =>
  queryOptions({ queryKey: queryKeys.schedules.subscriptions, queryFn: ({ signal }) => getJson<CalendarSubscriptionsAnswer>("/api/schedules/subscriptions", signal), refetchInterval: 30_000 });

export async function subscribeCalendar(body: { name: string; url: string; profile: string; zone: string | null }): Promise<CalendarSubscriptionJson> {
  return (await (await sendJson("/api/schedules/subscriptions", body)).json()) as CalendarSubscriptionJson;
}

export async function pollCalendar(id: string): Promise<void> {
  await sendJson(`/api/schedules/subscriptions/${encodeURIComponent(id)}/poll`, {});
}

export async function unsubscribeCalendar(id: string): Promise<void> {
  await ensureOk(await fetch(`/api/schedules/subscriptions/${encodeURIComponent(id)}`, { method: "DELETE" }));
}
