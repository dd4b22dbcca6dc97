import ICAL from "ical.js";
import { isValidTimeZone, wallTimeToUtc } from "@/lib/time/zone";
import { MAX_ROW_MS, overlapProblems, SCHEDULED_ACTIVITIES, type ParsedSchedule, type ScheduledActivity, type ScheduleProblem, type ScheduleRow } from "./schedule";

/**
 * Schedules from calendars (RFC 5545): each VEVENT a row, each recurrence (RRULE, RDATE, less
 * EXDATE) expanded over a window, through a kept library (ical.js). Wall times are read in their
 * TZID: an IANA zone by Floorview's own zone rules, any other by the calendar's VTIMEZONE; a
 * floating time in the zone chosen at upload; an all-day event from midnight to midnight. The
 * agent is named by a property (ATTENDEE's or ORGANIZER's mailto, or an X- property of its own),
 * the activity by another (SUMMARY or CATEGORIES), through the profile's mapping as a WFM
 * export's codes are. Problems are named by the line of the event's BEGIN:VEVENT and the property.
 */

export interface IcsOptions {
  /** The property naming the agent (ATTENDEE, ORGANIZER, X-…). */
  agentProperty: string;
  /** The property naming the activity (SUMMARY, CATEGORIES, …). */
  activityProperty: string;
  /** The Kore.ai agent id of a property's value (an e-mail without mailto:, or an id), null when none. */
  agentOf: (value: string) => string | null;
  /** The activity of a code (any case), null when the profile does not map it. */
  activityOf: (code: string) => ScheduledActivity | null;
  /** For floating and all-day times. */
  zone: string | null;
  /** Occurrences starting in [from, to) are kept (a recurrence without end is infinite). */
  from: number;
  to: number;
}

const MAX_ROWS = 500_000;
const MAX_PROBLEMS = 200;

/** The line of each BEGIN:VEVENT, in order (lines as the file has them, folded ones included). */
function eventLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  for (const raw of text.split("\n")) {
    if (/^BEGIN:VEVENT\s*$/i.test(raw)) lines.push(line);
    line++;
  }
  return lines;
}

type Zoned = { kind: "iana"; zone: string } | { kind: "vtimezone"; tz: ICAL.Timezone } | { kind: "utc" } | { kind: "floating" };

/** An ICAL.Time (its wall fields) as an instant under the zone rule. */
function instantOf(t: ICAL.Time, how: Zoned, zone: string | null): number | null {
  if (how.kind === "utc") return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  if (how.kind === "vtimezone") {
    const c = t.clone();
    c.zone = how.tz;
    return c.toUnixTime() * 1000;
  }
  const z = how.kind === "iana" ? how.zone : zone;
  if (z === null) return null;
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.isDate ? 0 : t.hour, t.isDate ? 0 : t.minute, t.isDate ? 0 : t.second);
  // A wall time the clocks skip (spring) lands just after the gap, as RFC 5545 reads it.
  return wallTimeToUtc(wall, z);
}

/** Reads a calendar's events as schedule rows over the window; every problem by the event's line and property. */
export function parseIcs(text: string, o: IcsOptions): ParsedSchedule {
  const problems: ScheduleProblem[] = [];
  let more = 0;
  const problem = (p: ScheduleProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
    else more++;
  };
  let calendar: ICAL.Component;
  try {
    const parsed = ICAL.parse(text.replace(/^\uFEFF/, ""));
    calendar = new ICAL.Component(parsed as unknown[]);
  } catch (err) {
    problem({ line: 1, column: null, message: `Not an iCalendar file: ${(err as Error).message.slice(0, 200)}.` });
    return { rows: [], problems, moreProblems: more };
  }
  if (calendar.name !== "vcalendar") {
    problem({ line: 1, column: null, message: "Not an iCalendar file: it starts with BEGIN:VCALENDAR." });
    return { rows: [], problems, moreProblems: more };
  }
  const zones = new Map<string, ICAL.Timezone>();
  for (const vtz of calendar.getAllSubcomponents("vtimezone")) {
    const tz = new ICAL.Timezone(vtz);
    if (tz.tzid) zones.set(tz.tzid, tz);
  }
  const lines = eventLines(text.replace(/\r/g, ""));
  const rows: (ScheduleRow & { line: number })[] = [];
  const agentProp = o.agentProperty.toLowerCase();
  const activityProp = o.activityProperty.toLowerCase();

  calendar.getAllSubcomponents("vevent").forEach((vevent, i) => {
    const line = lines[i] ?? 1;
    if (rows.length >= MAX_ROWS) return;
    if ((vevent.getFirstPropertyValue("status") as string | null)?.toUpperCase() === "CANCELLED") return;
    const bad = (column: string | null, message: string) => problem({ line, column, message });
    let event: ICAL.Event;
    try {
      event = new ICAL.Event(vevent);
    } catch (err) {
      return bad(null, `The event cannot be read: ${(err as Error).message.slice(0, 200)}.`);
    }
    if (!event.startDate) return bad("DTSTART", "The event has no DTSTART.");

    // Who: every value of the property (ATTENDEE may repeat), each an agent.
    const values = vevent.getAllProperties(agentProp).map((p) => String(p.getFirstValue() ?? "").replace(/^mailto:/i, "").trim()).filter(Boolean);
    if (values.length === 0) return bad(o.agentProperty.toUpperCase(), `The event names no agent (${o.agentProperty.toUpperCase()}).`);
    const agents: string[] = [];
    for (const v of values) {
      const id = o.agentOf(v.toLowerCase().includes("@") ? v.toLowerCase() : v);
      if (id === null) bad(o.agentProperty.toUpperCase(), `${v.slice(0, 80)} is no agent Floorview can name: check it, or map it in the profile.`);
      else agents.push(id);
    }
    // What
    const codeValue = vevent.getFirstProperty(activityProp)?.getFirstValue();
    const code = String(codeValue ?? "").trim();
    const activity = o.activityOf(code) ?? ((SCHEDULED_ACTIVITIES as readonly string[]).includes(code.toLowerCase()) ? (code.toLowerCase() as ScheduledActivity) : null);
    if (activity === null) bad(o.activityProperty.toUpperCase(), `"${code.slice(0, 40)}" is an activity the profile does not map: map it to work, off or a reason category.`);

    // When: the TZID of DTSTART decides how every occurrence's wall time is read.
    const start = event.startDate;
    // ical.js keeps a TZID it has no VTIMEZONE for as `timezone`, the time itself floating.
  const tzid = (start as unknown as { timezone?: string }).timezone ?? (start.zone?.tzid && start.zone.tzid !== "floating" ? start.zone.tzid : null);
    let how: Zoned;
    if (tzid === "UTC" || tzid === "Z") how = { kind: "utc" };
    else if (tzid && isValidTimeZone(tzid)) how = { kind: "iana", zone: tzid };
    else if (tzid && zones.has(tzid)) how = { kind: "vtimezone", tz: zones.get(tzid)! };
    else if (tzid) return bad("DTSTART", `TZID "${tzid.slice(0, 60)}" is neither an IANA zone nor given by a VTIMEZONE in the file.`);
    else how = { kind: "floating" };
    if ((how.kind === "floating" || start.isDate) && o.zone === null && how.kind !== "iana") return bad("DTSTART", "A floating or all-day time and no zone chosen: choose the zone of the calendar's times.");
    if (activity === null || agents.length < values.length) return;

    const occurrences: [ICAL.Time, ICAL.Time][] = [];
    if (event.isRecurring()) {
      const it = event.iterator();
      for (let next = it.next(); next; next = it.next()) {
        const d = event.getOccurrenceDetails(next);
        const at = instantOf(d.startDate, how, o.zone);
        if (at === null || at >= o.to) break;
        occurrences.push([d.startDate, d.endDate]);
        if (occurrences.length > MAX_ROWS) break;
      }
    } else occurrences.push([start, event.endDate]);

    for (const [s, e] of occurrences) {
      const from = instantOf(s, how, o.zone);
      const to = instantOf(e, how, o.zone);
      if (from === null || to === null || from >= o.to || to <= o.from) continue;
      if (to <= from) return bad("DTEND", "ends before it starts (or when it starts).");
      if (to - from > MAX_ROW_MS) return bad("DTEND", "lasts more than 7 days: split it.");
      for (const agentId of agents) rows.push({ agentId, start: from, end: to, activity, line });
    }
  });
  for (const p of overlapProblems<ScheduleProblem>(rows, "DTSTART")) problem(p);
  problems.sort((a, b) => a.line - b.line);
  return { rows, problems, moreProblems: more };
}
