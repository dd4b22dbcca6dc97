import "server-only";
import type { ScheduleProblemJson, ScheduleRowJson, ScheduleUpload } from "@/lib/api-types";
import { inScope, teamIn, type Scope } from "@/lib/auth/scope";
import { spansOf, SCHEDULE_COLUMNS, type ScheduleRow } from "@/lib/activity/schedule";
import { FLOORVIEW_PROFILE, parseWithProfile, type ImportProfile } from "@/lib/activity/schedule-import";
import { isValidTimeZone, startOfDay } from "@/lib/time/zone";
import { profileNamed } from "./schedule-profiles";
import { csvDocument } from "@/lib/csv";
import type { Served } from "./viewer";
import { agentsByEmail, isKnownAgent } from "../feed/snapshot";
import { can, type Identity } from "@/lib/auth/identity";
import { clientOf } from "@/lib/auth/session";
import { SCHEDULE_BODY_LIMIT } from "@/lib/auth/body-limit";
import { z } from "zod";
import { closed, flag, format, instant, many, one, queryOf, wantsCsv, windowOf, type QueryContext, type WindowRule } from "../http/query";
import { fail, readTextUpTo } from "../http/http";

/**
 * Schedules over HTTP: an upload checked (every problem by line and column, agents outside the
 * uploader's teams refused), previewed or saved all or nothing; and read back by window, as JSON
 * or as the same CSV an upload takes.
 */

const DAY = 86_400_000;
const MAX_SCHEDULE_READ_DAYS = 62;

/** The agent's team as Floorview knows it (the labels config), for the uploader's scope. */
const teamOf = (s: Served, agentId: string) => s.runtime.teams.get(agentId) ?? null;

/**
 * Checks an upload (and saves it unless `dryRun`). Problems refuse the whole upload; warnings
 * (an agent Floorview has not seen yet) do not.
 */
async function uploadSchedule(s: Served, text: string, dryRun: boolean, profile: ImportProfile, zone: string | null, window: { from: number; to: number }): Promise<ScheduleUpload> {
  const parsed = parseWithProfile(text, profile, { zone, agentByEmail: agentsByEmail(s.runtime.poller), window });
  const problems: ScheduleProblemJson[] = parsed.problems.map((p) => ({ ...p }));
  const warnings: ScheduleProblemJson[] = [];
  const firstLine = new Map<string, number>();
  for (const r of parsed.rows) if (!firstLine.has(r.agentId)) firstLine.set(r.agentId, r.line);
  const { poller } = s.runtime;
  for (const [agentId, line] of firstLine) {
    const team = teamOf(s, agentId);
    if (!inScope({ agentId, name: null, team }, scopeForSchedules(s.scope))) {
      problems.push({ line, column: "agent_id", message: `${agentId.slice(0, 80)} is not in your teams (${s.scope.teams?.join(", ") || "none"}); their team is ${team ?? "not set in the labels config"}.` });
    } else if (!isKnownAgent(poller, agentId)) {
      warnings.push({ line, column: "agent_id", message: `${agentId.slice(0, 80)} is not on the roster or in the feed yet; the rows are kept for when they appear.` });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  const spans = spansOf(parsed.rows);
  let from: number | null = null;
  let to: number | null = null;
  for (const span of spans.values()) {
    from = from === null ? span.from : Math.min(from, span.from);
    to = to === null ? span.to : Math.max(to, span.to);
  }
  const summary = {
    rows: parsed.rows.length,
    agents: spans.size,
    from: from === null ? null : new Date(from).toISOString(),
    to: to === null ? null : new Date(to).toISOString(),
    problems: problems.slice(0, 200),
    moreProblems: parsed.moreProblems + Math.max(0, problems.length - 200),
    warnings: warnings.slice(0, 200),
    byActivity: countBy(parsed.rows),
    profile: profile.name,
    zone: profile.zone ?? zone,
    ...(profile.format === "ics" && { window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() } }),
  };
  if (problems.length > 0 || parsed.rows.length === 0 || dryRun) {
    return { ...summary, saved: false, replaced: 0, ...(parsed.rows.length === 0 && problems.length === 0 && { problems: [{ line: 1, column: null, message: "The file has a header but no rows." }] }) };
  }
  const result = await s.runtime.schedules.replace(parsed.rows, spans);
  return { ...summary, saved: true, replaced: result.replaced };
}

/** Seconds scheduled per activity in an upload, for the preview. */
function countBy(rows: readonly ScheduleRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.activity] = (out[r.activity] ?? 0) + (r.end - r.start) / 1000;
  return out;
}

/** Schedules follow people's teams only (a wallboard link's agents or prefix never reach here). */
const scopeForSchedules = (scope: Scope): Scope => ({ teams: scope.teams, agents: null, prefix: null, privacy: false });

export interface ScheduleQuery {
  from: number;
  to: number;
  teams: string[];
  agents: string[];
  csv: boolean;
}

/** The query of a schedules read: `from` and `to` required (at most 62 days) by the one window rule; `team`, `agent`; `format` or `Accept: text/csv`. */
export const scheduleQuery = (cx: QueryContext) =>
  z.object({ from: one, to: one, format, team: many, agent: many }).transform((v, ctx): ScheduleQuery => {
    const w = windowOf(v, SCHEDULE_WINDOW, cx, ctx);
    return w ? { ...closed(w), teams: v.team, agents: v.agent, csv: wantsCsv(v.format, cx.accept) } : z.NEVER;
  });

const SCHEDULE_WINDOW: WindowRule = {
  required: "Send from and to, ISO-8601 date-times with a zone, such as from=2026-12-07T00:00:00Z&to=2026-12-14T00:00:00Z.",
  maxMs: MAX_SCHEDULE_READ_DAYS * DAY,
  tooLong: (days) => `The window is ${days} days long; schedules are read at most ${MAX_SCHEDULE_READ_DAYS} days at a time.`,
};

/**
 * `POST /api/schedules`: the person may upload, the body is CSV within the limit, then checked
 * (and saved unless `?preview=1`). Problems refuse it all: a 400 naming each by line and column
 * (`error.problems`) with the upload's summary (`upload`). A saved upload is audited and the live
 * adherence read again at once.
 */
export async function uploadFromRequest(s: Served & { identity: Identity }, req: Request): Promise<ScheduleUpload> {
  if (!can.editSchedules(s.identity)) fail("forbidden", "Your role (viewer) can read schedules but not upload them.");
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "text/csv" && type !== "text/plain" && type !== "text/calendar") fail("bad_request", "Send the schedule as CSV with Content-Type: text/csv (header agent_id,start,end,activity), or a profile's format with text/plain or text/calendar.");
  const { preview, profile: profileName, zone, from, to } = queryOf(req, UploadQuery);
  const profile = await profileNamed(s, profileName ?? FLOORVIEW_PROFILE);
  const text = await readTextUpTo(req, SCHEDULE_BODY_LIMIT);
  if (text === null) fail("payload_too_large", `The schedule is larger than ${SCHEDULE_BODY_LIMIT / 1024 / 1024} MB: upload it in parts (a week at a time).`);
  // A calendar's recurrences are expanded from `from` (today's start) to `to` (four weeks on).
  const start = from ?? startOfDay(Date.now(), profile.zone ?? zone ?? s.runtime.config.floorZone);
  const window = { from: start, to: to ?? start + ICS_DAYS * DAY };
  if (window.to <= window.from || window.to - window.from > MAX_ICS_DAYS * DAY) fail("bad_request", `The window of a calendar's recurrences is from before to, at most ${MAX_ICS_DAYS} days.`);
  const result = await uploadSchedule(s, text, preview, profile, zone ?? null, window);
  if (result.problems.length > 0) {
    const n = result.problems.length + result.moreProblems;
    fail("bad_request", `${n} problem${n === 1 ? "" : "s"} in the schedule; nothing was saved.`, { error: { problems: result.problems }, body: { upload: result } });
  }
  if (result.saved) {
    const { config, audit, liveAdherence } = s.runtime;
    await liveAdherence.refresh(true);
    await audit.record(s.identity, "schedule_uploaded", { rows: result.rows, agents: result.agents, from: result.from, to: result.to, replaced: result.replaced, profile: profile.name, ...(result.zone && { zone: result.zone }) }, clientOf(req, config.auth.trustedProxies));
  }
  return result;
}

const ICS_DAYS = 28;
const MAX_ICS_DAYS = 92;
const at = (name: string) =>
  one.transform((v, ctx) => {
    const ms = instant(name, v);
    return typeof ms === "string" ? (ctx.addIssue(ms), z.NEVER) : ms;
  });

const UploadQuery = z.object({
  preview: flag,
  from: at("from"),
  to: at("to"),
  profile: one,
  zone: one.refine((z) => z === null || isValidTimeZone(z), "zone must be an IANA time zone, such as America/Chicago."),
});

/** The rows of a window the viewer may see, in the teams and of the agents asked for. */
export async function readSchedules(s: Served, q: ScheduleQuery): Promise<ScheduleRow[]> {
  const rows = await s.runtime.schedules.rows(q.from, q.to, q.agents.length ? q.agents : null);
  const scope = scopeForSchedules(s.scope);
  return rows.filter((r) => {
    const team = teamOf(s, r.agentId);
    return inScope({ agentId: r.agentId, name: null, team }, scope) && (q.teams.length === 0 || teamIn(q.teams, team));
  });
}

export const scheduleJson = (r: ScheduleRow): ScheduleRowJson => ({ agentId: r.agentId, start: new Date(r.start).toISOString(), end: new Date(r.end).toISOString(), activity: r.activity });

/** The same CSV an upload takes (instants in UTC), so a download can be edited and uploaded again. */
export function scheduleCsv(rows: readonly ScheduleRow[]): string {
  return csvDocument([[...SCHEDULE_COLUMNS], ...rows.map((r) => [r.agentId, new Date(r.start).toISOString(), new Date(r.end).toISOString(), r.activity])]);
}
