import { parseInstant, records, type ScheduleProblem } from "./schedule";

/**
 * Required staff, as a WFM tool or an Erlang sheet exports it: CSV `interval_start,team,required`
 * (`interval_start` an ISO-8601 instant with an offset; `team` a team of the labels config, or
 * empty for the whole floor; `required` agents, a number ≥ 0). All or nothing: every bad line
 * named. Pure.
 */

export interface StaffingRow {
  start: number;
  /** null: the whole floor. */
  team: string | null;
  required: number;
  line: number;
}

const COLUMNS = ["interval_start", "team", "required"] as const;

export function parseStaffingCsv(text: string, knownTeam: (team: string) => string | null): { rows: StaffingRow[]; problems: ScheduleProblem[] } {
  const rows: StaffingRow[] = [];
  const problems: ScheduleProblem[] = [];
  let index: number[] | null = null;
  const seen = new Map<string, number>();
  for (const r of records(text)) {
    if ("error" in r) {
      problems.push({ line: r.line, column: null, message: r.error });
      break;
    }
    const f = r.fields.map((x) => x.trim());
    if (f.length === 1 && f[0] === "") continue;
    if (index === null) {
      const names = f.map((x) => x.toLowerCase());
      const missing = COLUMNS.filter((c) => !names.includes(c));
      if (missing.length) {
        problems.push({ line: r.line, column: null, message: `The first line must be the header ${COLUMNS.join(",")}; missing ${missing.join(", ")}.` });
        return { rows: [], problems };
      }
      index = COLUMNS.map((c) => names.indexOf(c));
      continue;
    }
    const [startText, teamText, requiredText] = index.map((i) => f[i] ?? "");
    const start = parseInstant(startText!);
    let ok = true;
    if (start === null) {
      problems.push({ line: r.line, column: "interval_start", message: `"${startText!.slice(0, 40)}" is not a date-time with an offset, such as 2026-12-07T09:00:00+01:00.` });
      ok = false;
    }
    const team = teamText === "" ? null : knownTeam(teamText!);
    if (teamText !== "" && team === null) {
      problems.push({ line: r.line, column: "team", message: `"${teamText!.slice(0, 40)}" is no team of the labels config (empty: the whole floor).` });
      ok = false;
    }
    const required = Number(requiredText);
    if (requiredText === "" || !Number.isFinite(required) || required < 0 || required > 100_000) {
      problems.push({ line: r.line, column: "required", message: `"${requiredText!.slice(0, 20)}" is not a number of agents (0 or more).` });
      ok = false;
    }
    if (!ok) continue;
    const key = `${start}|${team ?? ""}`;
    if (seen.has(key)) {
      problems.push({ line: r.line, column: "interval_start", message: `the same interval and team as line ${seen.get(key)}.` });
      continue;
    }
    seen.set(key, r.line);
    rows.push({ start: start!, team, required, line: r.line });
  }
  if (index === null) problems.push({ line: 1, column: null, message: `The file is empty; it starts with the header ${COLUMNS.join(",")}.` });
  if (rows.length > 200_000) problems.push({ line: 1, column: null, message: "More than 200,000 lines: send a week at a time." });
  return { rows, problems };
}

/** How long a required figure holds at most: until the team's next line, and never more than an hour. */
const MAX_SPAN = 3_600_000;

/**
 * Required heads per interval, time-weighted over each: the file's lines for the teams asked for
 * (none asked: the whole floor's lines, else every team's, added up), each holding from its start
 * to its team's next line (at most an hour); null for an interval no line reaches.
 */
export function requiredPerInterval(rows: readonly Omit<StaffingRow, "line">[], cells: readonly { start: number; end: number }[], teams: readonly string[] | null): (number | null)[] {
  const chosen = teams && teams.length > 0 ? rows.filter((r) => r.team !== null && teams.includes(r.team)) : rows.some((r) => r.team === null) ? rows.filter((r) => r.team === null) : rows;
  const byTeam = new Map<string, Omit<StaffingRow, "line">[]>();
  for (const r of chosen) {
    const k = r.team ?? "";
    const list = byTeam.get(k);
    if (list) list.push(r);
    else byTeam.set(k, [r]);
  }
  const spans: { start: number; end: number; required: number }[] = [];
  for (const list of byTeam.values()) {
    list.sort((a, b) => a.start - b.start);
    list.forEach((r, i) => spans.push({ start: r.start, end: Math.min(list[i + 1]?.start ?? Infinity, r.start + MAX_SPAN), required: r.required }));
  }
  return cells.map((c) => {
    let sum = 0;
    let reached = false;
    for (const s of spans) {
      const overlap = Math.min(s.end, c.end) - Math.max(s.start, c.start);
      if (overlap > 0) {
        reached = true;
        sum += s.required * overlap;
      }
    }
    return reached && c.end > c.start ? sum / (c.end - c.start) : null;
  });
}
