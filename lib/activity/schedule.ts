import { REASON_CATEGORIES, type ReasonCategory } from "@/lib/states/labels";

/**
 * Schedules: what each agent should be doing when. A schedule is CSV with the header
 * `agent_id,start,end,activity`; `start` and `end` ISO-8601 instants with an offset or `Z` (so
 * overnight shifts and daylight-saving changes are ordinary rows); `activity` is `work`, `off`,
 * or a reason category of the labels config (`break`, `lunch`, `training`, `meeting`, …).
 * Parsing is all or nothing: every bad row is named by its line and column, and nothing is kept
 * unless there is none. Pure: the server parses uploads here, the tests their fixtures.
 */

export const SCHEDULED_ACTIVITIES = ["work", "off", ...REASON_CATEGORIES] as const;
export type ScheduledActivity = "work" | "off" | ReasonCategory;

export const SCHEDULE_COLUMNS = ["agent_id", "start", "end", "activity"] as const;
type Column = (typeof SCHEDULE_COLUMNS)[number];

export interface ScheduleRow {
  agentId: string;
  start: number;
  end: number;
  activity: ScheduledActivity;
}

export interface ScheduleProblem {
  /** The line of the file (1 is the header). */
  line: number;
  /** The column's name (the file's own, for a WFM tool's export), or null for a problem of the whole line or file. */
  column: string | null;
  message: string;
}

/** At most a week per row (a weekend `off` fits; a longer one is a typing mistake more often than not). */
export const MAX_ROW_MS = 7 * 86_400_000;
/** A week of a 5,000-agent floor at a dozen rows a day fits. */
const MAX_SCHEDULE_ROWS = 500_000;
const MAX_PROBLEMS = 200;

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO-8601 date-time with an offset or `Z`, as epoch ms; null for anything else, including
 * a day or hour that does not exist (2026-02-30, 24:00) and a time without a zone (which would
 * be read in whatever zone the server happens to run in).
 */
export function parseInstant(text: string): number | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s = "0", frac = "", zone] = m;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return null;
  let offset = 0;
  if (zone !== "Z") {
    const oh = Number(zone!.slice(1, 3)), om = Number(zone!.slice(4, 6));
    if (oh > 14 || om > 59) return null;
    offset = (zone![0] === "-" ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const ms = Number((frac + "000").slice(0, 3));
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset;
}

/**
 * Delimited records (RFC 4180: quotes, doubled quotes, line breaks inside quotes), each with the
 * line it starts on; `,` by default, `|`, `;` or a tab for the WFM tools' exports.
 */
export function* records(text: string, delimiter = ","): Generator<{ line: number; fields: string[] } | { line: number; error: string }> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    let done = false;
    let error: string | null = null;
    while (!done) {
      if (i >= text.length) {
        if (quoted) error = "a quoted field is not closed";
        fields.push(field);
        break;
      }
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === "\n") line++;
          field += c;
          i++;
        }
      } else if (c === '"' && field === "") {
        quoted = true;
        i++;
      } else if (c === delimiter) {
        fields.push(field);
        field = "";
        i++;
      } else if (c === "\r" || c === "\n") {
        fields.push(field);
        i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
        line++;
        done = true;
      } else {
        field += c;
        i++;
      }
    }
    if (error) {
      yield { line: start, error };
      return;
    }
    yield { line: start, fields };
  }
}

export interface ParsedSchedule {
  /** Each with the line of the file it was read from. */
  rows: (ScheduleRow & { line: number })[];
  /** Every problem found (the first 200), in the file's order; rows are to be kept only when there is none. */
  problems: ScheduleProblem[];
  /** More problems than listed. */
  moreProblems: number;
}

/** Parses and checks a schedule's CSV text: the header, each field, and rows of one agent that overlap. */
export function parseScheduleCsv(text: string): ParsedSchedule {
  const problems: ScheduleProblem[] = [];
  let more = 0;
  const problem = (p: ScheduleProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
    else more++;
  };
  const rows: (ScheduleRow & { line: number })[] = [];
  let index: Record<Column, number> | null = null;
  for (const r of records(text)) {
    if ("error" in r) {
      problem({ line: r.line, column: null, message: r.error });
      break;
    }
    const fields = r.fields.map((f) => f.trim());
    if (fields.length === 1 && fields[0] === "") continue; // a blank line
    if (index === null) {
      const names = fields.map((f) => f.toLowerCase());
      const missing = SCHEDULE_COLUMNS.filter((c) => !names.includes(c));
      const unknown = names.filter((n) => !(SCHEDULE_COLUMNS as readonly string[]).includes(n));
      if (missing.length || unknown.length || names.length !== SCHEDULE_COLUMNS.length) {
        problem({
          line: r.line,
          column: null,
          message: `The first line must be the header ${SCHEDULE_COLUMNS.join(",")}${missing.length ? `; missing ${missing.join(", ")}` : ""}${unknown.length ? `; unknown ${unknown.map((u) => `"${u.slice(0, 40)}"`).join(", ")}` : ""}.`,
        });
        return { rows: [], problems, moreProblems: more };
      }
      index = Object.fromEntries(SCHEDULE_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<Column, number>;
      continue;
    }
    if (fields.length !== SCHEDULE_COLUMNS.length) {
      problem({ line: r.line, column: null, message: `${fields.length} fields; a row has 4: agent_id, start, end, activity.` });
      continue;
    }
    if (rows.length >= MAX_SCHEDULE_ROWS) {
      problem({ line: r.line, column: null, message: `More than ${MAX_SCHEDULE_ROWS.toLocaleString("en")} rows; upload the schedule in parts (a week at a time).` });
      break;
    }
    const agentId = fields[index.agent_id]!;
    const startText = fields[index.start]!;
    const endText = fields[index.end]!;
    const activity = fields[index.activity]!.toLowerCase();
    let ok = true;
    if (agentId === "" || agentId.length > 200 || /[\u0000-\u001f\u007f]/.test(agentId)) {
      problem({ line: r.line, column: "agent_id", message: agentId === "" ? "empty: the agent's id as Kore.ai sends it." : "too long or has control characters." });
      ok = false;
    }
    const start = parseInstant(startText);
    if (start === null) {
      problem({ line: r.line, column: "start", message: `"${startText.slice(0, 40)}" is not a date-time with an offset, such as 2026-12-07T09:00:00+01:00 or 2026-12-07T08:00:00Z.` });
      ok = false;
    }
    const end = parseInstant(endText);
    if (end === null) {
      problem({ line: r.line, column: "end", message: `"${endText.slice(0, 40)}" is not a date-time with an offset, such as 2026-12-07T17:00:00+01:00 or 2026-12-07T16:00:00Z.` });
      ok = false;
    }
    if (!(SCHEDULED_ACTIVITIES as readonly string[]).includes(activity)) {
      problem({ line: r.line, column: "activity", message: `"${activity.slice(0, 40)}" is not one of ${SCHEDULED_ACTIVITIES.join(", ")}.` });
      ok = false;
    }
    if (start !== null && end !== null) {
      if (end <= start) {
        problem({ line: r.line, column: "end", message: "ends before it starts (or when it starts)." });
        ok = false;
      } else if (end - start > MAX_ROW_MS) {
        problem({ line: r.line, column: "end", message: "more than 7 days after its start: split it into rows of a week or less." });
        ok = false;
      }
    }
    if (ok) rows.push({ agentId, start: start!, end: end!, activity: activity as ScheduledActivity, line: r.line });
  }
  if (index === null) {
    problem({ line: 1, column: null, message: `The file is empty; it starts with the header ${SCHEDULE_COLUMNS.join(",")}.` });
    return { rows: [], problems, moreProblems: more };
  }
  for (const p of overlapProblems(rows)) problem(p);
  problems.sort((a, b) => a.line - b.line);
  return { rows, problems, moreProblems: more };
}

/** Rows of one agent must not overlap (which of two would hold?): each later line named against the earlier. */
export function overlapProblems<P extends { line: number; column: string | null; message: string }>(rows: readonly (ScheduleRow & { line: number })[], column: P["column"] = "start"): P[] {
  const byAgent = new Map<string, (ScheduleRow & { line: number })[]>();
  for (const row of rows) {
    const list = byAgent.get(row.agentId);
    if (list) list.push(row);
    else byAgent.set(row.agentId, [row]);
  }
  const overlaps: P[] = [];
  for (const list of byAgent.values()) {
    const sorted = [...list].sort((a, b) => a.start - b.start || a.line - b.line);
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1]!;
      const row = sorted[k]!;
      if (row.start < prev.end) {
        const [first, second] = prev.line < row.line ? [prev, row] : [row, prev];
        overlaps.push({ line: second.line, column, message: `overlaps line ${first.line} (the same agent, ${new Date(first.start).toISOString()} to ${new Date(first.end).toISOString()}).` } as P);
      }
    }
  }
  return overlaps.sort((a, b) => a.line - b.line);
}

/** Each agent's span in an upload, from its first row's start to its last row's end: what the upload replaces. */
export function spansOf(rows: readonly ScheduleRow[]): Map<string, { from: number; to: number }> {
  const spans = new Map<string, { from: number; to: number }>();
  for (const r of rows) {
    const s = spans.get(r.agentId);
    if (!s) spans.set(r.agentId, { from: r.start, to: r.end });
    else {
      s.from = Math.min(s.from, r.start);
      s.to = Math.max(s.to, r.end);
    }
  }
  return spans;
}
