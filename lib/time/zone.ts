/**
 * Wall time in IANA zones, with no library: the offset at an instant, a wall time to UTC, and
 * the start of a day. Used by the feed parser (Kore.ai's EventTime has no zone) and by the
 * drill-down's "today" and "yesterday" in the viewer's zone.
 */

const QUARTER_HOUR = 15 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;

const HOUR = 60 * 60 * 1000;
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Per zone: quarter-hour bucket → offset. */
const offsetCache = new Map<string, Map<number, number>>();
/** Per zone: wall-clock hour → the offset that turns any wall time in it into UTC (no change near). */
const wallHourCache = new Map<string, Map<number, number>>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when `zone` is an IANA zone this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC (ms, east positive) at instant `utc`. */
export function zoneOffset(zone: string, utc: number): number {
  if (zone === "UTC" || zone === "Etc/UTC") return 0;
  // Every real zone changes offset on a quarter-hour boundary, so a quarter hour is one answer.
  const bucket = Math.floor(utc / QUARTER_HOUR);
  let cache = offsetCache.get(zone);
  if (!cache) offsetCache.set(zone, (cache = new Map()));
  const cached = cache.get(bucket);
  if (cached !== undefined) return cached;
  const at = bucket * QUARTER_HOUR;
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(at)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offset = wall - at;
  if (cache.size > 50_000) cache.clear();
  cache.set(bucket, offset);
  return offset;
}

/**
 * Converts a wall time in `zone` to UTC. A wall time that occurs twice (clocks going back) is
 * read as the first occurrence; one that never occurs (clocks going forward) is read with the
 * offset in force before the change, so it lands just after the gap.
 */
export function wallTimeToUtc(wall: number, zone: string): number {
  // Feeds parse hundreds of thousands of wall times: away from a change of offset, one answer
  // serves a whole wall-clock hour.
  const hour = Math.floor(wall / HOUR);
  let hours = wallHourCache.get(zone);
  if (!hours) wallHourCache.set(zone, (hours = new Map()));
  const known = hours.get(hour);
  if (known !== undefined) return wall - known;
  const start = hour * HOUR;
  const before = zoneOffset(zone, start - DAY);
  if (before === zoneOffset(zone, start + DAY + HOUR) && zoneOffset(zone, start - before) === before) {
    if (hours.size > 50_000) hours.clear();
    hours.set(hour, before);
    return wall - before;
  }
  return exactWallTimeToUtc(wall, zone);
}

function exactWallTimeToUtc(wall: number, zone: string): number {
  const before = zoneOffset(zone, wall - DAY);
  const after = zoneOffset(zone, wall + DAY);
  if (before === after) {
    const o = zoneOffset(zone, wall - before);
    return wall - (o === before ? before : o);
  }
  const candidates = [wall - before, wall - after].filter((utc, i) => zoneOffset(zone, utc) === (i === 0 ? before : after));
  if (candidates.length === 0) return wall - before;
  return Math.min(...candidates);
}

/** The first instant of the calendar day (in `zone`) that contains `utc`, `days` days later. */
export function startOfDay(utc: number, zone: string, days = 0): number {
  const wall = utc + zoneOffset(zone, utc);
  const midnight = Math.floor(wall / DAY) * DAY + days * DAY;
  return wallTimeToUtc(midnight, zone);
}

/** A report's rows: 15 minutes, 30 minutes, an hour or a day of the wall clock; `total`: one row. */
export const REPORT_INTERVALS = ["15m", "30m", "1h", "1d", "total"] as const;
export type ReportInterval = (typeof REPORT_INTERVALS)[number];
/** The minutes of a report's, intraday's or a staffing sheet's interval. */
export const STEP_MINUTES: Record<"15m" | "30m" | "1h", number> = { "15m": 15, "30m": 30, "1h": 60 };

/**
 * The boundaries of a report's rows over [from, to), `from` and `to` included: where the wall
 * clock of `zone` shows a multiple of the interval (a quarter hour, a half hour, an hour) or a
 * midnight. A day is 23 or 25 hours long at a change of offset, and the hour that repeats when
 * the clocks go back is two rows, each an hour of real time.
 */
export function intervalBoundaries(from: number, to: number, zone: string, interval: ReportInterval): number[] {
  const out = [from];
  if (interval === "total") {
    out.push(to);
    return out;
  }
  if (interval === "1d") {
    for (let t = startOfDay(from, zone, 1); t < to; t = startOfDay(t, zone, 1)) out.push(t);
  } else {
    const step = STEP_MINUTES[interval];
    // Every real offset is a whole number of quarter hours: the boundaries are among the UTC quarter hours.
    for (let t = Math.floor(from / QUARTER_HOUR) * QUARTER_HOUR + QUARTER_HOUR; t < to; t += QUARTER_HOUR) {
      const minuteOfDay = Math.round((((t + zoneOffset(zone, t)) % DAY) + DAY) % DAY / 60_000);
      if (minuteOfDay % step === 0) out.push(t);
    }
  }
  out.push(to);
  return out;
}
