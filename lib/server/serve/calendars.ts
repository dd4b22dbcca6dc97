import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { CalendarSubscriptionJson, CalendarSubscriptionsAnswer } from "@/lib/api-types";
import { can } from "@/lib/auth/identity";
import { clientOf } from "@/lib/auth/session";
import type { CalendarSubscription } from "@/lib/store/calendar-store";
import { isValidTimeZone } from "@/lib/time/zone";
import { hostAllowed, redactUrl } from "../calendars/calendar-sync";
import { findProfile } from "../config/import-profiles";
import { fail } from "../http/http";
import { bodyOf } from "../http/query";
import type { ServedPerson } from "./viewer";

/**
 * Subscribed calendars over HTTP (`/api/schedules/subscriptions`): listed with how the last poll
 * went, added (from a host FLOORVIEW_CALENDAR_HOSTS allows, read by an import profile), removed,
 * polled now. Whoever may upload schedules; every change audited. The URL is never sent back whole.
 */

const Body = z.strictObject({
  name: z.string().trim().min(1).max(80),
  url: z.string().trim().min(1).max(2_000),
  profile: z.string().trim().min(1).max(80).default("iCalendar (.ics)"),
  zone: z
    .string()
    .nullable()
    .default(null)
    .refine((v) => v === null || isValidTimeZone(v), "zone must be an IANA time zone, such as America/Chicago."),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const asJson = (s: CalendarSubscription): CalendarSubscriptionJson => ({
  id: s.id,
  name: s.name,
  url: redactUrl(s.url),
  profile: s.profile,
  zone: s.zone,
  createdAt: iso(s.createdAt)!,
  createdBy: s.createdBy,
  nextPollAt: iso(s.nextPollAt)!,
  lastPollAt: iso(s.lastPollAt),
  lastOkAt: iso(s.lastOkAt),
  lastRows: s.lastRows,
  lastProblems: s.lastProblems,
  lastError: s.lastError,
});

function mayEdit(s: ServedPerson): void {
  if (!can.editSchedules(s.identity)) fail("forbidden", "Your role (viewer) can read schedules but not subscribe to calendars.");
}

export async function listSubscriptions(s: ServedPerson): Promise<CalendarSubscriptionsAnswer> {
  mayEdit(s);
  const { config, schedules } = s.runtime;
  return { subscriptions: (await schedules.calendars.list()).map(asJson), allowedHosts: config.calendars.hosts, pollMinutes: config.calendars.pollMs / 60_000 };
}

/** `POST`: `{ name, url, profile?, zone? }`; a host FLOORVIEW_CALENDAR_HOSTS does not allow is refused. Read at once. Audited. */
export async function addSubscription(s: ServedPerson, req: Request): Promise<CalendarSubscriptionJson> {
  mayEdit(s);
  const v = await bodyOf(req, Body, 'Send JSON: { "name": "…", "url": "https://…/schedule.ics", "profile": "iCalendar (.ics)", "zone": null }.');
  const { config, schedules, audit, calendars } = s.runtime;
  let url: URL;
  try {
    url = new URL(v.url);
  } catch {
    fail("bad_request", "url is not a URL: send the calendar's address, such as https://calendar.example.com/team.ics.");
  }
  if (config.calendars.hosts.length === 0) fail("bad_request", "No calendar host is allowed on this Floorview: the operator lists them in FLOORVIEW_CALENDAR_HOSTS.");
  if (!hostAllowed(url, config.calendars.hosts)) fail("bad_request", `${url.host} is not one of the hosts calendars may be read from (${config.calendars.hosts.join(", ")}; FLOORVIEW_CALENDAR_HOSTS), or the URL is not http(s).`);
  if (!(await findProfile(schedules.profiles, v.profile))) fail("bad_request", `There is no import profile "${v.profile.slice(0, 80)}".`);
  const now = Date.now();
  const sub = { id: randomBytes(9).toString("base64url"), name: v.name, url: url.toString(), profile: v.profile, zone: v.zone, createdAt: now, createdBy: s.identity.name };
  await schedules.calendars.add(sub);
  await audit.record(s.identity, "calendar_subscribed", { subscription: sub.id, name: sub.name, host: url.host, profile: sub.profile }, clientOf(req, config.auth.trustedProxies));
  // Read now, so the person sees at once whether it works.
  const claimed = await schedules.calendars.claimDue(now, config.calendars.pollMs);
  for (const c of claimed) await calendars.poll(c);
  return asJson((await schedules.calendars.get(sub.id))!);
}

export async function removeSubscription(s: ServedPerson, req: Request, id: string): Promise<{ removed: string }> {
  mayEdit(s);
  const { schedules, audit, config } = s.runtime;
  const sub = await schedules.calendars.get(id);
  if (!sub || !(await schedules.calendars.remove(id))) fail("not_found", "No such subscription.");
  await audit.record(s.identity, "calendar_unsubscribed", { subscription: id, name: sub.name }, clientOf(req, config.auth.trustedProxies));
  return { removed: id };
}

/** `POST …/{id}/poll`: read now (the rows it already put in place stay unless this read is clean). */
export async function pollSubscription(s: ServedPerson, id: string): Promise<CalendarSubscriptionJson> {
  mayEdit(s);
  const { schedules, calendars } = s.runtime;
  const sub = await schedules.calendars.get(id);
  if (!sub) fail("not_found", "No such subscription.");
  await calendars.poll(sub);
  return asJson((await schedules.calendars.get(id))!);
}
