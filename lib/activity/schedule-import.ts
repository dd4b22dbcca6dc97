import { isValidTimeZone, wallTimeToUtc, zoneOffset } from "@/lib/time/zone";
import {
  MAX_ROW_MS,
  overlapProblems,
  parseInstant,
  parseScheduleCsv,
  records,
  SCHEDULED_ACTIVITIES,
  type ParsedSchedule,
  type ScheduledActivity,
  type ScheduleProblem,
  type ScheduleRow,
} from "./schedule";
import { parseIcs } from "./schedule-ics";

/**
 * Schedules as the WFM tools export them. An import profile says how to read a file: its
 * delimiter, which header names the agent, the activity, the start and the end (full date-times,
 * or times beside a date column), the date and time formats, the zone of wall times (a fixed IANA
 * zone, a zone column, or the one chosen at upload), how the agent is named (Kore.ai's id, the
 * e-mail of the Agents API, or an external id through a table), and what each activity code of
 * the tool means to Floorview (`work`, `off` or a reason category). The result is the rows of
 * Floorview's own schedule CSV, each from its line, and every problem named by its line and the
 * file's own column name: the upload then does all it does for that CSV (all or nothing, preview,
 * replace by span, audit). Pure: the server reads uploads here, the tests their fixtures.
 */

export const DATE_FORMATS = ["mmddyyyy", "ddmmyyyy", "yyyymmdd", "mm/dd/yyyy", "dd/mm/yyyy", "yyyy-mm-dd"] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
/** `24h` and `12h`: times beside a date column; `datetime`: each of start and end is a date and a time (ISO-8601, with or without an offset). */
export const TIME_FORMATS = ["24h", "12h", "datetime"] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];
export const IDENTITIES = ["id", "email", "table"] as const;
export type IdentityMapping = (typeof IDENTITIES)[number];
export const DELIMITERS = [",", "|", ";", "\t"] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export const FORMATS = ["delimited", "ics"] as const;
export type ImportFormat = (typeof FORMATS)[number];

export interface ImportProfile {
  name: string;
  /** A delimited export (CSV, pipes, …) or an iCalendar file (`.ics`: the columns name its properties). */
  format: ImportFormat;
  delimiter: Delimiter;
  /** What the header line starts with before its first name (NICE IEX writes `#fields:`); "" for none. */
  headerPrefix: string;
  /** The header's names (any case) of each field Floorview reads. */
  columns: {
    agent: string;
    activity: string;
    start: string;
    end: string;
    /** The date of a row's start, for `12h` and `24h` times. */
    date: string | null;
    /** The date of a row's end, when the file writes one; without it an end at or before its start is the next day. */
    endDate: string | null;
    /** Each row's IANA zone, when the file names one. */
    zone: string | null;
  };
  dateFormat: DateFormat;
  timeFormat: TimeFormat;
  /** The wall clock's IANA zone, fixed; null: the zone column, else the zone chosen at upload. */
  zone: string | null;
  identity: IdentityMapping;
  /** The tool's activity codes (compared without case) to Floorview's activities; a code that is itself an activity's name needs no entry. */
  activities: Record<string, ScheduledActivity>;
  /** External id to Kore.ai agent id, for `identity: "table"`. */
  idTable: Record<string, string>;
}

/** Floorview's own CSV: `agent_id,start,end,activity`, instants with offsets. */
export const FLOORVIEW_PROFILE = "Floorview CSV";

/** The profiles every deployment has; a saved profile of the same name is refused. */
export const BUILT_IN_PROFILES: readonly ImportProfile[] = [
  {
    name: FLOORVIEW_PROFILE,
    format: "delimited",
    delimiter: ",",
    headerPrefix: "",
    columns: { agent: "agent_id", activity: "activity", start: "start", end: "end", date: null, endDate: null, zone: null },
    dateFormat: "yyyy-mm-dd",
    timeFormat: "datetime",
    zone: null,
    identity: "id",
    activities: {},
    idTable: {},
  },
  {
    // NICE IEX WFM "Agent Schedule Detail": pipe-delimited, dates mmddyyyy and wall times in the
    // management unit's zone, the agent by ACD logon id, an activity code per row.
    name: "NICE IEX Agent Schedule Detail",
    format: "delimited",
    delimiter: "|",
    headerPrefix: "#fields:",
    columns: { agent: "logonID", activity: "excCode", start: "startTime", end: "stopTime", date: "excdate", endDate: null, zone: null },
    dateFormat: "mmddyyyy",
    timeFormat: "12h",
    zone: null,
    identity: "id",
    activities: { open: "work", "open time": "work", phone: "work", break: "break", lunch: "lunch", meeting: "meeting", training: "training", coaching: "training", "day off": "off", off: "off", "system down": "system" },
    idTable: {},
  },
  {
    // Talkdesk WFM and Assembled exports: one row an activity, the agent by e-mail, ISO start and end.
    name: "Talkdesk / Assembled CSV",
    format: "delimited",
    delimiter: ",",
    headerPrefix: "",
    columns: { agent: "agent_email", activity: "activity", start: "start_time", end: "end_time", date: null, endDate: null, zone: null },
    dateFormat: "yyyy-mm-dd",
    timeFormat: "datetime",
    zone: null,
    identity: "email",
    activities: { shift: "work", "on queue": "work", phone: "work", chat: "work", email: "work", break: "break", lunch: "lunch", meeting: "meeting", training: "training", coaching: "training", "time off": "off", pto: "off" },
    idTable: {},
  },
  {
    // A calendar (Google, Outlook, a WFM tool's feed): each event a row, recurrences expanded; the
    // agent by ATTENDEE's e-mail, the activity by SUMMARY.
    name: "iCalendar (.ics)",
    format: "ics",
    delimiter: ",",
    headerPrefix: "",
    columns: { agent: "ATTENDEE", activity: "SUMMARY", start: "DTSTART", end: "DTEND", date: null, endDate: null, zone: null },
    dateFormat: "yyyy-mm-dd",
    timeFormat: "datetime",
    zone: null,
    identity: "email",
    activities: { shift: "work", work: "work", "on queue": "work", break: "break", lunch: "lunch", meeting: "meeting", training: "training", coaching: "training", "time off": "off", vacation: "off", holiday: "off", pto: "off" },
    idTable: {},
  },
];

export interface ImportContext {
  /** The zone chosen at upload, for a profile that fixes none and rows that name none. */
  zone: string | null;
  /** The Kore.ai agent id of an e-mail (the Agents API's), null when no agent has it. */
  agentByEmail: (email: string) => string | null;
  /** A calendar's recurrences are expanded over this window (occurrences starting in it are kept). */
  window: { from: number; to: number };
}

const MAX_ROWS = 500_000;
const MAX_PROBLEMS = 200;
const DAY = 86_400_000;

const DATE_PATTERNS: Record<DateFormat, { re: RegExp; order: [number, number, number] }> = {
  // order: the match groups of year, month, day
  mmddyyyy: { re: /^(\d{2})(\d{2})(\d{4})$/, order: [3, 1, 2] },
  ddmmyyyy: { re: /^(\d{2})(\d{2})(\d{4})$/, order: [3, 2, 1] },
  yyyymmdd: { re: /^(\d{4})(\d{2})(\d{2})$/, order: [1, 2, 3] },
  "mm/dd/yyyy": { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: [3, 1, 2] },
  "dd/mm/yyyy": { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: [3, 2, 1] },
  "yyyy-mm-dd": { re: /^(\d{4})-(\d{2})-(\d{2})$/, order: [1, 2, 3] },
};

/** A calendar date as the wall clock's midnight (ms on a UTC axis), null when it is not one in the format. */
export function parseDate(text: string, format: DateFormat): number | null {
  // A date written as ISO (2026-12-07) is read as such whatever the profile's format.
  const read = (f: DateFormat) => {
    const m = DATE_PATTERNS[f].re.exec(text);
    if (!m) return null;
    const [y, mo, d] = DATE_PATTERNS[f].order.map((g) => Number(m[g]));
    return mo! < 1 || mo! > 12 || d! < 1 || d! > new Date(Date.UTC(y!, mo!, 0)).getUTCDate() ? null : Date.UTC(y!, mo! - 1, d!);
  };
  return read(format) ?? (format === "yyyy-mm-dd" ? null : read("yyyy-mm-dd"));
}

const TIME_24 = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const TIME_12 = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])\.?\s*(?:[Mm]\.?)?$/;

/** A time of day as ms after midnight: `24h` 00:00–23:59:59; `12h` 12:00 AM–11:59:59 PM (`8:30 PM`, `08:30p`). */
export function parseTime(text: string, format: "12h" | "24h"): number | null {
  const m = (format === "12h" ? TIME_12 : TIME_24).exec(text.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2]), second = Number(m[3] ?? 0);
  if (minute > 59 || second > 59) return null;
  if (format === "12h") {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (m[4]!.toLowerCase() === "p" ? 12 : 0);
  } else if (hour > 23) return null;
  return ((hour * 60 + minute) * 60 + second) * 1000;
}

/** A wall time of `zone` as an instant; null when the clocks skip it (the hour lost in spring). A repeated wall time is its first occurrence. */
function wallInstant(wall: number, zone: string): number | null {
  const utc = wallTimeToUtc(wall, zone);
  return utc + zoneOffset(zone, utc) === wall ? utc : null;
}

/** A date and a time in one field: ISO-8601 with an offset, or a wall time (`2026-12-07T09:00`, `2026-12-07 9:00 AM`, `12/07/2026 09:00`). */
function parseDateTime(text: string, dateFormat: DateFormat, zone: string | null): { at: number } | { error: string } {
  const exact = parseInstant(text);
  if (exact !== null) return { at: exact };
  const m = /^(\S+?)(?:T|\s+)(.+)$/.exec(text.trim());
  const date = m ? parseDate(m[1]!, dateFormat) : null;
  const rest = m?.[2]?.replace(/(?:\.\d{1,9})?$/, "") ?? "";
  const time = m ? (parseTime(rest, "24h") ?? parseTime(rest, "12h")) : null;
  if (date === null || time === null) return { error: `"${text.slice(0, 40)}" is not a date and time (${dateFormat} and hh:mm, or ISO-8601 such as 2026-12-07T09:00:00-06:00).` };
  if (zone === null) return { error: `"${text.slice(0, 40)}" has no offset and no zone is set: choose the zone of the file's times.` };
  const at = wallInstant(date + time, zone);
  return at === null ? { error: `${text.slice(0, 40)} does not exist in ${zone} (the clocks skip it).` } : { at };
}

/** The external-id table (`external_id,agent_id`, a header optional), as a map; every bad line named. */
export function parseIdTable(text: string): { table: Record<string, string>; problems: ScheduleProblem[] } {
  const table: Record<string, string> = {};
  const problems: ScheduleProblem[] = [];
  for (const r of records(text)) {
    if ("error" in r) {
      problems.push({ line: r.line, column: null, message: r.error });
      break;
    }
    const f = r.fields.map((x) => x.trim());
    if (f.length === 1 && f[0] === "") continue;
    if (r.line === 1 && f[0]?.toLowerCase() === "external_id") continue;
    if (f.length !== 2 || !f[0] || !f[1]) {
      problems.push({ line: r.line, column: null, message: "a line is external_id,agent_id, both set." });
      continue;
    }
    if (f[0] in table && table[f[0]] !== f[1]) problems.push({ line: r.line, column: "external_id", message: `${f[0].slice(0, 80)} is mapped twice (to ${table[f[0]]!.slice(0, 80)} and ${f[1].slice(0, 80)}).` });
    table[f[0]] = f[1];
  }
  return { table, problems: problems.slice(0, MAX_PROBLEMS) };
}

/** Reads a file by a profile: Floorview's own CSV as always, any other by its columns and formats. */
export function parseWithProfile(text: string, profile: ImportProfile, cx: ImportContext): ParsedSchedule {
  if (profile.name === FLOORVIEW_PROFILE) return parseScheduleCsv(text);
  const codes = new Map(Object.entries(profile.activities).map(([k, v]) => [k.trim().toLowerCase(), v]));
  const idTable = new Map(Object.entries(profile.idTable));
  if (profile.format === "ics") {
    return parseIcs(text, {
      agentProperty: profile.columns.agent,
      activityProperty: profile.columns.activity,
      agentOf: (v) => (profile.identity === "id" ? v : profile.identity === "email" ? cx.agentByEmail(v.toLowerCase()) : (idTable.get(v) ?? null)),
      activityOf: (code) => codes.get(code.trim().toLowerCase()) ?? null,
      zone: profile.zone ?? cx.zone,
      ...cx.window,
    });
  }
  const problems: ScheduleProblem[] = [];
  let more = 0;
  const problem = (p: ScheduleProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
    else more++;
  };
  const rows: (ScheduleRow & { line: number })[] = [];
  const c = profile.columns;
  const wanted = [c.date, c.agent, c.activity, c.start, c.end, c.endDate, c.zone].filter((n): n is string => n !== null);
  let index: Map<string, number> | null = null;
  const at = (fields: string[], name: string | null) => (name === null ? "" : (fields[index!.get(name.toLowerCase())!] ?? "").trim());

  for (const r of records(text, profile.delimiter)) {
    if ("error" in r) {
      problem({ line: r.line, column: null, message: r.error });
      break;
    }
    if (r.fields.length === 1 && r.fields[0]!.trim() === "") continue;
    if (index === null) {
      const first = r.fields.map((f) => f.trim());
      if (profile.headerPrefix && first[0]!.toLowerCase().startsWith(profile.headerPrefix.toLowerCase())) first[0] = first[0]!.slice(profile.headerPrefix.length).trim();
      const names = first.map((f) => f.toLowerCase());
      const missing = wanted.filter((w) => !names.includes(w.toLowerCase()));
      if (missing.length) {
        problem({ line: r.line, column: null, message: `The header (${profile.headerPrefix}${wanted.join(profile.delimiter === "\t" ? " ⇥ " : profile.delimiter)}, in any order, other columns allowed) lacks ${missing.join(", ")} for the profile "${profile.name}".` });
        return { rows: [], problems, moreProblems: more };
      }
      index = new Map(names.map((n, i) => [n, i] as const).reverse());
      continue;
    }
    if (rows.length >= MAX_ROWS) {
      problem({ line: r.line, column: null, message: `More than ${MAX_ROWS.toLocaleString("en")} rows; upload the schedule in parts (a week at a time).` });
      break;
    }
    if (r.fields.length < index.size) {
      problem({ line: r.line, column: null, message: `${r.fields.length} fields; the header has ${index.size}.` });
      continue;
    }
    const fields = r.fields;
    let ok = true;
    const bad = (column: string, message: string) => {
      problem({ line: r.line, column, message });
      ok = false;
    };

    // The agent
    const key = at(fields, c.agent);
    let agentId: string | null = null;
    if (key === "" || key.length > 200 || /[\u0000-\u001f\u007f]/.test(key)) bad(c.agent, key === "" ? "empty: the agent is not named." : "too long or has control characters.");
    else if (profile.identity === "id") agentId = key;
    else if (profile.identity === "email") {
      agentId = cx.agentByEmail(key.toLowerCase());
      if (agentId === null) bad(c.agent, `${key.slice(0, 80)} is the e-mail of no agent Kore.ai lists: check it, or map the agent by id or through a table.`);
    } else {
      agentId = idTable.get(key) ?? null;
      if (agentId === null) bad(c.agent, `${key.slice(0, 80)} is not in the profile's id table: add a line ${key.slice(0, 80)},<Kore.ai agent id>.`);
    }

    // The activity
    const code = at(fields, c.activity);
    const activity = codes.get(code.toLowerCase()) ?? ((SCHEDULED_ACTIVITIES as readonly string[]).includes(code.toLowerCase()) ? (code.toLowerCase() as ScheduledActivity) : null);
    if (activity === null) bad(c.activity, `"${code.slice(0, 40)}" is an activity code the profile does not map: map it to work, off or a reason category.`);

    // The zone
    let zone = profile.zone ?? cx.zone;
    if (c.zone !== null) {
      const z = at(fields, c.zone);
      if (z !== "" && !isValidTimeZone(z)) bad(c.zone, `"${z.slice(0, 40)}" is not an IANA time zone (such as America/Chicago).`);
      else if (z !== "") zone = z;
    }

    // Start and end
    let start: number | null = null;
    let end: number | null = null;
    if (profile.timeFormat === "datetime") {
      const s = parseDateTime(at(fields, c.start), profile.dateFormat, zone);
      const e = parseDateTime(at(fields, c.end), profile.dateFormat, zone);
      if ("error" in s) bad(c.start, s.error);
      else start = s.at;
      if ("error" in e) bad(c.end, e.error);
      else end = e.at;
    } else {
      const dateText = at(fields, c.date);
      const day = parseDate(dateText, profile.dateFormat);
      if (day === null) bad(c.date!, `"${dateText.slice(0, 20)}" is not a date in the format ${profile.dateFormat}.`);
      const endDayText = c.endDate === null ? null : at(fields, c.endDate);
      const endDay = endDayText === null ? day : parseDate(endDayText, profile.dateFormat);
      if (endDayText !== null && endDay === null) bad(c.endDate!, `"${endDayText.slice(0, 20)}" is not a date in the format ${profile.dateFormat}.`);
      const startText = at(fields, c.start);
      const endText = at(fields, c.end);
      const t0 = parseTime(startText, profile.timeFormat);
      const t1 = parseTime(endText, profile.timeFormat);
      const example = profile.timeFormat === "12h" ? "such as 8:30 AM" : "such as 20:30";
      if (t0 === null) bad(c.start, `"${startText.slice(0, 20)}" is not a ${profile.timeFormat} time, ${example}.`);
      if (t1 === null) bad(c.end, `"${endText.slice(0, 20)}" is not a ${profile.timeFormat} time, ${example}.`);
      if (zone === null) bad(c.start, "no zone for the file's times: choose one at upload, or fix it in the profile.");
      if (day !== null && endDay !== null && t0 !== null && t1 !== null && zone !== null) {
        // Over midnight: without an end date, an end at or before its start is the next day.
        const endWall = endDay + t1 + (c.endDate === null && t1 <= t0 ? DAY : 0);
        start = wallInstant(day + t0, zone);
        end = wallInstant(endWall, zone);
        if (start === null) bad(c.start, `${startText} on ${dateText} does not exist in ${zone} (the clocks skip it).`);
        if (end === null) bad(c.end, `${endText} does not exist in ${zone} that day (the clocks skip it).`);
      }
    }
    if (start !== null && end !== null) {
      if (end <= start) bad(c.end, "ends before it starts (or when it starts).");
      else if (end - start > MAX_ROW_MS) bad(c.end, "more than 7 days after its start: split it into rows of a week or less.");
    }
    if (ok && agentId !== null && activity !== null && start !== null && end !== null) rows.push({ agentId, start, end, activity, line: r.line });
  }
  if (index === null) {
    problem({ line: 1, column: null, message: `The file is empty; the profile "${profile.name}" reads a header naming ${wanted.join(", ")}.` });
    return { rows: [], problems, moreProblems: more };
  }
  for (const p of overlapProblems<ScheduleProblem>(rows, c.start)) problem(p);
  problems.sort((a, b) => a.line - b.line);
  return { rows, problems, moreProblems: more };
}
