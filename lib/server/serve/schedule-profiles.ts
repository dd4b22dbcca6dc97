import "server-only";
import { z } from "zod";
import type { ImportProfileJson, ImportProfilesAnswer } from "@/lib/api-types";
import { SCHEDULED_ACTIVITIES, type ScheduledActivity } from "@/lib/activity/schedule";
import { BUILT_IN_PROFILES, DATE_FORMATS, DELIMITERS, FORMATS, IDENTITIES, parseIdTable, TIME_FORMATS, type ImportProfile } from "@/lib/activity/schedule-import";
import { can } from "@/lib/auth/identity";
import { clientOf } from "@/lib/auth/session";
import { isValidTimeZone } from "@/lib/time/zone";
import { fail } from "../http/http";
import type { Served, ServedPerson } from "./viewer";

/**
 * Schedule import profiles over HTTP (`/api/schedules/profiles`): the built-in ones (Floorview's
 * CSV, NICE IEX, Talkdesk / Assembled) and those saved by name, each checked when saved and read;
 * saved and deleted by whoever may upload schedules, audited. An upload names one
 * (`POST /api/schedules?profile=…`).
 */

const MAX_ID_TABLE = 100_000;
const column = z.string().trim().min(1, "a column's header name is empty").max(80);
const optionalColumn = column.nullable().default(null);

const ProfileBody = z
  .object({
    format: z.enum(FORMATS, { error: "format must be delimited (CSV, pipes, …) or ics (an iCalendar file)." }).default("delimited"),
    delimiter: z.enum([...DELIMITERS, "tab"], { error: 'delimiter must be ",", "|", ";", or a tab ("\\t" or "tab").' }).default(","),
    headerPrefix: z.string().max(40).default(""),
    columns: z.object({ agent: column, activity: column, start: column, end: column, date: optionalColumn, endDate: optionalColumn, zone: optionalColumn }).strict(),
    dateFormat: z.enum(DATE_FORMATS, { error: `dateFormat must be one of ${DATE_FORMATS.join(", ")}.` }).default("yyyy-mm-dd"),
    timeFormat: z.enum(TIME_FORMATS, { error: `timeFormat must be one of ${TIME_FORMATS.join(", ")}.` }),
    zone: z
      .string()
      .nullable()
      .default(null)
      .refine((z) => z === null || isValidTimeZone(z), "zone must be an IANA time zone, such as America/Chicago, or null."),
    identity: z.enum(IDENTITIES, { error: "identity must be id (Kore.ai's agent id), email (the Agents API's) or table (an external-id table)." }),
    activities: z
      .record(z.string().trim().min(1).max(80), z.enum(SCHEDULED_ACTIVITIES, { error: `an activity code maps to one of ${SCHEDULED_ACTIVITIES.join(", ")}.` }))
      .default({})
      .refine((r) => Object.keys(r).length <= 1_000, "at most 1,000 activity codes."),
    /** The external-id table as CSV (`external_id,agent_id`); kept as it was when absent. */
    idTableCsv: z.string().max(8 * 1024 * 1024).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.format === "delimited" && v.timeFormat !== "datetime" && v.columns.date === null) ctx.addIssue({ code: "custom", path: ["columns", "date"], message: "12h and 24h times need a date column (columns.date)." });
  });

const NAME = /^[\p{L}\p{N} ._\-/()]{1,80}$/u;

const builtIn = (name: string) => BUILT_IN_PROFILES.find((p) => p.name.toLowerCase() === name.toLowerCase()) ?? null;

/** A saved profile as kept, read again (null if it no longer reads: a profile saved by a later version, say). */
function storedProfile(name: string, body: unknown): ImportProfile | null {
  if (!body || typeof body !== "object") return null;
  const { idTable: table, ...rest } = body as { idTable?: unknown };
  const parsed = ProfileBody.safeParse(rest);
  if (!parsed.success) return null;
  const { idTableCsv: _, ...v } = parsed.data;
  return { ...v, name, delimiter: v.delimiter === "tab" ? "\t" : v.delimiter, activities: v.activities as Record<string, ScheduledActivity>, idTable: table && typeof table === "object" ? (table as Record<string, string>) : {} };
}

/** The profile of this name, built in or saved; a 400 naming the known ones when there is none. */
export async function profileNamed(s: Served, name: string): Promise<ImportProfile> {
  const found = builtIn(name);
  if (found) return found;
  const kept = await s.runtime.schedules.profiles.get(name);
  const profile = kept ? storedProfile(kept.name, kept.body) : null;
  if (profile) return profile;
  const names = [...BUILT_IN_PROFILES.map((p) => p.name), ...(await s.runtime.schedules.profiles.list()).map((p) => p.name)];
  fail("bad_request", `There is no import profile "${name.slice(0, 80)}"; there are ${names.map((n) => `"${n}"`).join(", ")}.`);
}

const asJson = (p: ImportProfile, meta: { builtIn: boolean; updatedAt: number | null; updatedBy: string | null }): ImportProfileJson => ({
  name: p.name,
  builtIn: meta.builtIn,
  format: p.format,
  delimiter: p.delimiter,
  headerPrefix: p.headerPrefix,
  columns: p.columns,
  dateFormat: p.dateFormat,
  timeFormat: p.timeFormat,
  zone: p.zone,
  identity: p.identity,
  activities: p.activities,
  idTableSize: Object.keys(p.idTable).length,
  updatedAt: meta.updatedAt === null ? null : new Date(meta.updatedAt).toISOString(),
  updatedBy: meta.updatedBy,
});

/** `GET /api/schedules/profiles`: the built-in profiles, then the saved ones by name. */
export async function listProfiles(s: Served): Promise<ImportProfilesAnswer> {
  const saved = await s.runtime.schedules.profiles.list();
  return {
    profiles: [
      ...BUILT_IN_PROFILES.map((p) => asJson(p, { builtIn: true, updatedAt: null, updatedBy: null })),
      ...saved.flatMap((k) => {
        const p = storedProfile(k.name, k.body);
        return p ? [asJson(p, { builtIn: false, updatedAt: k.updatedAt, updatedBy: k.updatedBy })] : [];
      }),
    ],
    activities: [...SCHEDULED_ACTIVITIES],
  };
}

function mayEdit(s: ServedPerson, name: string): string {
  if (!can.editSchedules(s.identity)) fail("forbidden", "Your role (viewer) can read schedules but not keep import profiles.");
  const trimmed = name.trim();
  if (!NAME.test(trimmed)) fail("bad_request", "A profile's name is 1 to 80 letters, digits, spaces and . _ - / ( ).");
  if (builtIn(trimmed)) fail("conflict", `"${builtIn(trimmed)!.name}" is built in: save your changes under another name.`);
  return trimmed;
}

/** `PUT /api/schedules/profiles/{name}`: checks and keeps a profile (replacing one of that name), audited. */
export async function saveProfile(s: ServedPerson, req: Request, rawName: string): Promise<ImportProfileJson> {
  const name = mayEdit(s, rawName);
  const parsed = ProfileBody.safeParse(await req.json().catch(() => null));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? `${first.path.join(".")}: ` : "";
    fail("bad_request", first?.code === "invalid_type" && first.path.length === 0 ? 'Send the profile as JSON: { "format", "delimiter", "headerPrefix", "columns": { "agent", "activity", "start", "end", "date", "endDate", "zone" }, "dateFormat", "timeFormat", "zone", "identity", "activities", "idTableCsv" }.' : `${where}${first?.message ?? "the profile cannot be read."}`);
  }
  const { idTableCsv, ...v } = parsed.data;
  const { profiles } = s.runtime.schedules;
  let idTable: Record<string, string>;
  if (idTableCsv !== undefined) {
    const t = parseIdTable(idTableCsv);
    if (t.problems.length) fail("bad_request", `${t.problems.length} problem${t.problems.length === 1 ? "" : "s"} in the id table; nothing was saved.`, { error: { problems: t.problems } });
    if (Object.keys(t.table).length > MAX_ID_TABLE) fail("bad_request", `The id table has more than ${MAX_ID_TABLE.toLocaleString("en")} lines.`);
    idTable = t.table;
  } else {
    const kept = await profiles.get(name);
    idTable = (kept && storedProfile(name, kept.body)?.idTable) || {};
  }
  if (v.identity === "table" && Object.keys(idTable).length === 0) fail("bad_request", "identity is table but there is no id table: send idTableCsv (external_id,agent_id).");
  const now = Date.now();
  const replaced = await profiles.put(name, { ...v, idTable }, now, s.identity.name);
  const { audit, config } = s.runtime;
  await audit.record(s.identity, "schedule_profile_saved", { profile: name, replaced, identity: v.identity, idTableSize: Object.keys(idTable).length, activityCodes: Object.keys(v.activities).length }, clientOf(req, config.auth.trustedProxies));
  return asJson(storedProfile(name, { ...v, idTable })!, { builtIn: false, updatedAt: now, updatedBy: s.identity.name });
}

/** `DELETE /api/schedules/profiles/{name}`: audited; 404 when there is none. */
export async function deleteProfile(s: ServedPerson, req: Request, rawName: string): Promise<{ deleted: string }> {
  const name = mayEdit(s, rawName);
  if (!(await s.runtime.schedules.profiles.remove(name))) fail("not_found", `There is no saved import profile "${name}".`);
  const { audit, config } = s.runtime;
  await audit.record(s.identity, "schedule_profile_deleted", { profile: name }, clientOf(req, config.auth.trustedProxies));
  return { deleted: name };
}
