/**
 * Kore.ai sends EventTime as `MM/DD/YYYY HH:MM:SS` with no zone, and its own sample has a
 * one-digit hour (`10/20/2020 2:13:12`). We read it as wall time in a configured IANA zone.
 */

const EVENT_TIME =
  /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,3}))?)?\s*([AaPp][Mm])?\s*$/;

const QUARTER_HOUR = 15 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

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
  const key = `${zone}|${bucket}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const at = bucket * QUARTER_HOUR;
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(at)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offset = wall - at;
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/**
 * Converts a wall time in `zone` to UTC. A wall time that occurs twice (clocks going back) is
 * read as the first occurrence; one that never occurs (clocks going forward) is read with the
 * offset in force before the change, so it lands just after the gap.
 */
export function wallTimeToUtc(wall: number, zone: string): number {
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

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses an EventTime; returns epoch ms (UTC) or null when it is not a real date and time. */
export function parseEventTime(value: string, zone: string): number | null {
  const m = EVENT_TIME.exec(value);
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  const year = Number(m[3]);
  let hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, "0"));
  const meridiem = m[8]?.toLowerCase();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (minute > 59 || second > 59) return null;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === "pm" ? 12 : 0);
  } else if (hour > 23) {
    return null;
  }
  return wallTimeToUtc(Date.UTC(year, month - 1, day, hour, minute, second, ms), zone);
}

/** Formats a UTC instant as Kore.ai does: `MM/DD/YYYY H:mm:ss`, wall time in `zone`. */
export function formatEventTime(utc: number, zone: string): string {
  const wall = new Date(utc + zoneOffset(zone, utc));
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${pad(wall.getUTCMonth() + 1)}/${pad(wall.getUTCDate())}/${wall.getUTCFullYear()} ` +
    `${wall.getUTCHours()}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`
  );
}
