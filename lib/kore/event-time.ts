import "server-only";
import { wallTimeToUtc } from "@/lib/time/zone";

export { isValidTimeZone, wallTimeToUtc } from "@/lib/time/zone";

/**
 * Kore.ai documents EventTime as `MM/DD/YYYY HH:MM:SS` with no zone, and its own sample has a
 * one-digit hour (`10/20/2020 2:13:12`) that fits a 12-hour clock as well as a 24-hour one. What
 * the page leaves open is a setting (`EventTimeReading`), never a silent guess: the zone of a
 * zone-less time, the clock of an hour without AM/PM, and the order of month and day. What a
 * value says for itself is read as it says: ISO-8601 with `Z` or an offset carries its zone,
 * epoch seconds or milliseconds are instants, AM/PM names the half of the day.
 */

export type EventClock = "24h" | "12h";
export type DateOrder = "mdy" | "dmy";

/** How zone-less EventTimes are read: KORE_EVENT_TIMEZONE, KORE_EVENT_CLOCK, KORE_EVENT_DATE_ORDER. */
export interface EventTimeReading {
  zone: string;
  clock: EventClock;
  dateOrder: DateOrder;
}

/**
 * Bumped whenever the parser reads some value differently: the store remembers the version each
 * window was read with, so a window read by an older parser is read again.
 */
export const EVENT_TIME_PARSER_VERSION = 2;

/** The syntaxes EventTime is read in, named for diagnostics. */
export type EventTimeForm = "slashed" | "iso_local" | "iso_offset" | "epoch_s" | "epoch_ms";

/** What an EventTime says before any setting is applied. */
export type WrittenTime =
  | { form: "epoch_s" | "epoch_ms" | "iso_offset"; instant: number }
  | {
      form: "slashed" | "iso_local";
      /** Slashed: the two numbers before the year, in the order written; ISO: month, day. */
      a: number;
      b: number;
      year: number;
      /** The hour as written (0–23, or 1–12 with a meridiem). */
      hour: number;
      minute: number;
      second: number;
      ms: number;
      meridiem: "am" | "pm" | null;
    };

const SLASHED =
  /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4}),?[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,3}))?)?\s*([AaPp]\.?[Mm]\.?)?\s*$/;
const ISO = /^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?\s*$/;
const DIGITS = /^\s*(\d{9,14})(?:\.\d+)?\s*$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fraction(text: string | undefined): number {
  return text === undefined ? 0 : Number(text.slice(0, 3).padEnd(3, "0"));
}

/** Reads what a value says, without settings; null when it is no time Floorview knows how to read. */
export function readWrittenTime(value: unknown): WrittenTime | null {
  if (typeof value === "number") return epoch(value);
  if (typeof value !== "string") return null;
  let m = SLASHED.exec(value);
  if (m) {
    const meridiem = m[8] ? (m[8][0]!.toLowerCase() === "p" ? "pm" : "am") : null;
    return { form: "slashed", a: Number(m[1]), b: Number(m[2]), year: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: m[6] === undefined ? 0 : Number(m[6]), ms: fraction(m[7]), meridiem };
  }
  m = ISO.exec(value);
  if (m) {
    const fields = { a: Number(m[2]), b: Number(m[3]), year: Number(m[1]), hour: Number(m[4]), minute: Number(m[5]), second: m[6] === undefined ? 0 : Number(m[6]), ms: fraction(m[7]), meridiem: null };
    if (!m[8]) return { form: "iso_local", ...fields };
    if (!validDate(fields.year, fields.a, fields.b) || fields.hour > 23 || fields.minute > 59 || fields.second > 59) return null;
    const wall = Date.UTC(fields.year, fields.a - 1, fields.b, fields.hour, fields.minute, fields.second, fields.ms);
    const z = m[8].toUpperCase();
    if (z === "Z") return { form: "iso_offset", instant: wall };
    const sign = z[0] === "-" ? -1 : 1;
    const digits = z.slice(1).replace(":", "");
    const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
    if (Math.abs(offset) > 18 * 60) return null;
    return { form: "iso_offset", instant: wall - offset * 60_000 };
  }
  m = DIGITS.exec(value);
  if (m) return epoch(Number(m[1]));
  return null;
}

/** Epoch seconds (9–11 digits: 1973–5138) or milliseconds (12–14 digits). */
function epoch(n: number): WrittenTime | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  if (n >= 1e8 && n < 1e11) return { form: "epoch_s", instant: Math.round(n * 1000) };
  if (n >= 1e11 && n < 1e14) return { form: "epoch_ms", instant: Math.round(n) };
  return null;
}

function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The window a read asked for: a 12-hour time without AM/PM is the one of its two readings inside it. */
export interface AskedWindow {
  from: number;
  to: number;
}

/** How far outside the window asked for an event may lie and still be taken as inside it. */
export const WINDOW_TOLERANCE_MS = 120_000;

/**
 * The instant a written time stands for under `reading`; null when it is not a real date and time
 * under it (a 13th month, a 25th hour), or a 12-hour time fits neither half of the day in `window`.
 */
export function resolveWrittenTime(w: WrittenTime, reading: EventTimeReading, window?: AskedWindow): number | null {
  if ("instant" in w) return w.instant;
  const [month, day] = w.form === "slashed" && reading.dateOrder === "dmy" ? [w.b, w.a] : [w.a, w.b];
  if (!validDate(w.year, month, day) || w.minute > 59 || w.second > 59) return null;
  const at = (hour: number) => wallTimeToUtc(Date.UTC(w.year, month - 1, day, hour, w.minute, w.second, w.ms), reading.zone);
  if (w.meridiem) {
    if (w.hour < 1 || w.hour > 12) return null;
    return at((w.hour % 12) + (w.meridiem === "pm" ? 12 : 0));
  }
  if (w.hour > 23) return null;
  if (reading.clock === "24h" || w.hour > 12 || w.hour === 0 || !window) return at(w.hour);
  // A 12-hour clock without AM/PM: the half of the day that falls in the window asked for.
  const candidates = [at(w.hour % 12), at((w.hour % 12) + 12)];
  const inside = candidates.filter((t) => t >= window.from - WINDOW_TOLERANCE_MS && t <= window.to + WINDOW_TOLERANCE_MS);
  if (inside.length === 1) return inside[0]!;
  if (inside.length === 2) return null;
  // Neither: the nearer one, so that a check sees how far outside it lies.
  const distance = (t: number) => (t < window.from ? window.from - t : t - window.to);
  return distance(candidates[0]!) <= distance(candidates[1]!) ? candidates[0]! : candidates[1]!;
}

const DEFAULT_READING: Omit<EventTimeReading, "zone"> = { clock: "24h", dateOrder: "mdy" };

/** Parses an EventTime; returns epoch ms (UTC) or null when it is not a real date and time. */
export function parseEventTime(value: unknown, reading: string | EventTimeReading, window?: AskedWindow): number | null {
  const w = readWrittenTime(value);
  if (!w) return null;
  return resolveWrittenTime(w, typeof reading === "string" ? { zone: reading, ...DEFAULT_READING } : reading, window);
}

/** How a reading is named in the store and in diagnostics: zone, clock, order and parser version. */
export function readingKey(r: EventTimeReading): string {
  return `${r.zone}|${r.clock}|${r.dateOrder}|v${EVENT_TIME_PARSER_VERSION}`;
}
