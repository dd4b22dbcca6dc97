import "server-only";
import type { ImportProfileJson, ImportProfilesAnswer } from "@/lib/api-types";
import { SCHEDULED_ACTIVITIES } from "@/lib/activity/schedule";
import { BUILT_IN_PROFILES, parseIdTable, type ImportProfile } from "@/lib/activity/schedule-import";
import { can } from "@/lib/auth/identity";
import { clientOf } from "@/lib/auth/session";
import { builtIn, findProfile, MAX_ID_TABLE, NAME, ProfileBody, storedProfile } from "../config/import-profiles";
import { fail } from "../http/http";
import type { Served, ServedPerson } from "./viewer";

/**
 * Schedule import profiles over HTTP (`/api/schedules/profiles`): the built-in ones (Floorview's
 * CSV, NICE IEX, Talkdesk / Assembled) and those saved by name, each checked when saved and read;
 * saved and deleted by whoever may upload schedules, audited. An upload names one
 * (`POST /api/schedules?profile=…`).
 */

/** The profile of this name, built in or saved; a 400 naming the known ones when there is none. */
export async function profileNamed(s: Served, name: string): Promise<ImportProfile> {
  const profile = await findProfile(s.runtime.schedules.profiles, name);
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
