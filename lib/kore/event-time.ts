import { wallTimeToUtc } from "@/lib/time/zone";

export { isValidTimeZone, wallTimeToUtc, zoneOffset } from "@/lib/time/zone";

/**
 * Kore.ai sends EventTime as `MM/DD/YYYY HH:MM:SS` with no zone, and its own sample has a
 * one-digit hour (`10/20/2020 2:13:12`). We read it as wall time in a configured IANA zone.
 */

const EVENT_TIME =
  /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,3}))?)?\s*([AaPp][Mm])?\s*$/;

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
