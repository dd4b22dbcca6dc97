import "server-only";
import { z } from "zod";
import { SCHEDULED_ACTIVITIES, type ScheduledActivity } from "@/lib/activity/schedule";
import { BUILT_IN_PROFILES, DATE_FORMATS, DELIMITERS, FORMATS, IDENTITIES, TIME_FORMATS, type ImportProfile } from "@/lib/activity/schedule-import";
import type { ProfileStore } from "@/lib/store/profile-store";
import { isValidTimeZone } from "@/lib/time/zone";

/**
 * Schedule import profiles as configuration: the shape a saved one must have (checked when saved
 * and again when read), and the profile of a name, built in or saved. Served by
 * `serve/schedule-profiles.ts`; used by uploads and the calendars' subscriptions alike.
 */

export const MAX_ID_TABLE = 100_000;
const column = z.string().trim().min(1, "a column's header name is empty").max(80);
const optionalColumn = column.nullable().default(null);

export const ProfileBody = z
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

export const NAME = /^[\p{L}\p{N} ._\-/()]{1,80}$/u;

export const builtIn = (name: string) => BUILT_IN_PROFILES.find((p) => p.name.toLowerCase() === name.toLowerCase()) ?? null;

/** A saved profile as kept, read again (null if it no longer reads: a profile saved by a later version, say). */
export function storedProfile(name: string, body: unknown): ImportProfile | null {
  if (!body || typeof body !== "object") return null;
  const { idTable: table, ...rest } = body as { idTable?: unknown };
  const parsed = ProfileBody.safeParse(rest);
  if (!parsed.success) return null;
  const { idTableCsv: _, ...v } = parsed.data;
  return { ...v, name, delimiter: v.delimiter === "tab" ? "\t" : v.delimiter, activities: v.activities as Record<string, ScheduledActivity>, idTable: table && typeof table === "object" ? (table as Record<string, string>) : {} };
}

/** The profile of this name, built in or saved (null: none, or a saved one that no longer reads). */
export async function findProfile(store: ProfileStore, name: string): Promise<ImportProfile | null> {
  const found = builtIn(name);
  if (found) return found;
  const kept = await store.get(name);
  return kept ? storedProfile(kept.name, kept.body) : null;
}
