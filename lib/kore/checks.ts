import "server-only";
import { resolveWrittenTime, WINDOW_TOLERANCE_MS, type EventClock, type DateOrder, type EventTimeForm, type EventTimeReading } from "./event-time";
import type { WrittenSample } from "./normalize";
import { zoneOffset } from "@/lib/time/zone";

/**
 * The checks of what Kore.ai answers (a contract: ids are extended, never renamed). Each says
 * ok, warn or fail, a message a person can judge, and a hint written as the setting that would
 * fix it (`NAME=value`). This file holds the checks of EventTime, which read the times as written
 * again under other settings and see which settings put them inside the windows they were asked
 * in: Kore.ai answers only for the window asked, so a reading that puts its events elsewhere is
 * the wrong reading.
 */

export type CheckStatus = "ok" | "warn" | "fail";
export type CheckId =
  | "auth"
  | "envelope"
  | "rows"
  | "event_time_format"
  | "event_time_zone"
  | "clock_12h"
  | "date_order"
  | "lateness"
  | "paging"
  | "rate_limit"
  | "roster"
  | "roster_ids"
  | "activities";

export const CHECK_IDS: readonly CheckId[] = ["auth", "envelope", "rows", "event_time_format", "event_time_zone", "clock_12h", "date_order", "lateness", "paging", "rate_limit", "roster", "roster_ids", "activities"];

export interface Check {
  id: CheckId;
  status: CheckStatus;
  message: string;
  /** The setting that would fix it, as `NAME=value` (with words around it); null when none is known. */
  hint: string | null;
}

/** The checks whose failure means the times read are wrong: while one fails, nothing is kept. */
export const TIME_CHECKS: readonly CheckId[] = ["event_time_format", "event_time_zone", "clock_12h", "date_order"];

/** EventTimes as written in the windows they were asked in, and what became of the rows. */
export interface TimeEvidence {
  samples: readonly WrittenSample[];
  /** Rows whose EventTime could not be read under the current settings, and one of them as sent. */
  unreadable: number;
  unreadableExample: string | null;
  /** Rows read, by syntax. */
  forms: Partial<Record<EventTimeForm, number>>;
  /** The server's clock when the evidence was judged: an event after it is in the future. */
  now: number;
}

const QUARTER = 15 * 60_000;
const FIT = 0.95;
/** Zones suggested first for an offset (the first one whose offset matches at the time is named). */
const PREFERRED_ZONES = [
  "UTC", "Europe/London", "Europe/Berlin", "Europe/Athens", "Europe/Moscow", "Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka",
  "Asia/Bangkok", "Asia/Singapore", "Asia/Manila", "Asia/Tokyo", "Australia/Adelaide", "Australia/Sydney", "Pacific/Auckland", "America/Sao_Paulo",
  "America/Halifax", "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
  "America/St_Johns", "Asia/Tehran", "Asia/Kabul", "Asia/Yangon", "Australia/Darwin", "Africa/Johannesburg", "Africa/Lagos", "America/Bogota", "America/Mexico_City",
];

/** "5 h 30 min", "45 min", "12 h". */
export function spanWords(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : "", m ? `${m} min` : ""].filter(Boolean).join(" ") || "0 min";
}

/** "+05:30". */
export function offsetText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const a = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

/** A zone at `offsetMs` from UTC at `at`, for a hint; null when none is. */
export function zoneAtOffset(offsetMs: number, at: number): string | null {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  for (const zone of [...PREFERRED_ZONES, ...all]) {
    try {
      if (zoneOffset(zone, at) === offsetMs) return zone;
    } catch {
      // not a zone this runtime knows
    }
  }
  return null;
}

interface Candidate {
  clock: EventClock;
  dateOrder: DateOrder;
  /** The fixed offset of the zone Kore.ai writes in; null: the configured zone itself. */
  offset: number | null;
}

/** The share of zone-less samples a candidate reading puts inside the windows asked (and not in the future). */
/**
 * How far before the window asked an event may lie and still count as inside: if Kore.ai chose
 * what to answer by when it released a change rather than by its EventTime, a change released
 * minutes late would come with a later window. After the window (or now) only the 2-minute margin:
 * nothing comes from the future. A zone is at least 15 minutes off, and judged `strict` too.
 */
const EARLY_TOLERANCE_MS = 15 * 60_000;

function fit(samples: readonly WrittenSample[], reading: EventTimeReading, c: Candidate, now: number, strict = false): number {
  if (samples.length === 0) return 1;
  const early = strict ? WINDOW_TOLERANCE_MS : EARLY_TOLERANCE_MS;
  let inside = 0;
  for (const { written, window } of samples) {
    let t: number | null;
    if (c.offset === null) {
      t = resolveWrittenTime(written, { zone: reading.zone, clock: c.clock, dateOrder: c.dateOrder }, window);
    } else {
      // Wall time as if UTC, the window moved by the offset, then back: a fixed-offset zone.
      const w = resolveWrittenTime(written, { zone: "UTC", clock: c.clock, dateOrder: c.dateOrder }, { from: window.from + c.offset, to: window.to + c.offset });
      t = w === null ? null : w - c.offset;
    }
    if (t !== null && t >= window.from - early && t <= Math.min(window.to, now) + WINDOW_TOLERANCE_MS) inside++;
  }
  return inside / samples.length;
}

/** The share of EventTimes as written that `reading` puts inside the windows they were asked in (1 when none). */
export function fitsReading(samples: readonly WrittenSample[], reading: EventTimeReading, now: number): number {
  return fit(samples, reading, { clock: reading.clock, dateOrder: reading.dateOrder, offset: null }, now);
}

/** Where a reading puts the samples against their windows, as a typical signed distance (ms; + ahead). */
function typicalShift(samples: readonly WrittenSample[], reading: EventTimeReading): number {
  const shifts: number[] = [];
  for (const { written, window } of samples) {
    const t = resolveWrittenTime(written, reading, window);
    if (t === null) continue;
    shifts.push(t > window.to ? t - window.to : t < window.from ? t - window.from : 0);
  }
  shifts.sort((a, b) => a - b);
  return shifts.length ? shifts[Math.floor(shifts.length / 2)]! : 0;
}

export interface TimeVerdict {
  checks: Check[];
  /** True when a time check fails: what was read must not be kept. */
  failing: boolean;
  /** The settings that would read the samples right, when they differ from the current ones. */
  fix: { zone: string; offset: number | null; shift: number; clock: EventClock; dateOrder: DateOrder } | null;
}

/** The four checks of EventTime: format, zone, 12-hour clock and date order. */
export function timeChecks(e: TimeEvidence, reading: EventTimeReading): TimeVerdict {
  const zoneless = e.samples.filter((s) => s.written.form === "slashed" || s.written.form === "iso_local");
  const zoned = e.samples.filter((s) => s.written.form !== "slashed" && s.written.form !== "iso_local");
  const slashed = zoneless.filter((s) => s.written.form === "slashed");
  const read = Object.values(e.forms).reduce((a, b) => a + (b ?? 0), 0);
  const formsText = Object.entries(e.forms)
    .map(([form, n]) => `${n} ${FORM_WORDS[form as EventTimeForm]}`)
    .join(", ");

  // What the times as written say about themselves.
  let meridiem = 0;
  let maxHour = -1;
  let maxA = 0;
  let maxB = 0;
  for (const { written: w } of zoneless) {
    if ("instant" in w) continue;
    if (w.meridiem) meridiem++;
    else maxHour = Math.max(maxHour, w.hour);
    if (w.form === "slashed") {
      maxA = Math.max(maxA, w.a);
      maxB = Math.max(maxB, w.b);
    }
  }
  const twelveCandidate = meridiem === 0 && maxHour <= 12 && zoneless.length > 0;
  const otherOrder: DateOrder = reading.dateOrder === "mdy" ? "dmy" : "mdy";

  // The current reading, and the nearest other that explains the windows.
  const current: Candidate = { clock: reading.clock, dateOrder: reading.dateOrder, offset: null };
  const currentFit = fit(zoneless, reading, current, e.now);
  let fix: TimeVerdict["fix"] = null;
  if (zoneless.length > 0 && currentFit < FIT) {
    const clocks: EventClock[] = [reading.clock, ...(reading.clock === "24h" && twelveCandidate ? (["12h"] as const) : reading.clock === "12h" ? (["24h"] as const) : [])];
    const orders: DateOrder[] = [reading.dateOrder, ...(slashed.length > 0 ? [otherOrder] : [])];
    const mid = zoneless[Math.floor(zoneless.length / 2)]!.window.to;
    const here = zoneOffset(reading.zone, mid);
    const zones = new Map<number, string | null>();
    const zoneFor = (offset: number) => {
      if (offset === here) return reading.zone;
      if (!zones.has(offset)) zones.set(offset, zoneAtOffset(offset, mid));
      return zones.get(offset)!;
    };
    let best: { c: Candidate; score: number; cost: number; zone: string; strict: number } | null = null;
    for (const clock of clocks) {
      for (const dateOrder of orders) {
        for (let q = -48; q <= 56; q++) {
          const c: Candidate = { clock, dateOrder, offset: q * QUARTER };
          const score = fit(zoneless, reading, c, e.now);
          if (score < FIT) continue;
          // Only offsets some zone has (no zone sits at -06:30: that is a 12-hour clock in +05:30).
          const zone = zoneFor(c.offset!);
          if (zone === null) continue;
          // Fewest settings changed first, then the nearest zone; a zone exactly 12 h away is a 12-hour clock when one explains it too.
          const away = Math.abs(c.offset! - here);
          const cost = (clock !== reading.clock ? 1e9 : 0) + (dateOrder !== reading.dateOrder ? 1e9 : 0) + (twelveCandidate && clock === "24h" && away === 12 * 3_600_000 ? 2e9 : 0) + away;
          // The tolerance for late releases lets a zone 15 minutes nearer pass too: the one that
          // puts the events inside without it wins, then the fewest settings changed.
          const strict = fit(zoneless, reading, c, e.now, true);
          if (!best || strict > best.strict + 0.02 || (strict >= best.strict - 0.02 && (cost < best.cost || (cost === best.cost && score > best.score)))) best = { c, score, cost, zone, strict };
        }
      }
    }
    if (best) {
      const offset = best.c.offset!;
      fix = { zone: best.zone, offset: offset === here ? null : offset, shift: offset - here, clock: best.c.clock, dateOrder: best.c.dateOrder };
    }
  }

  const checks: Check[] = [];

  // event_time_format
  if (read === 0 && e.unreadable === 0) {
    checks.push({ id: "event_time_format", status: "warn", message: "No EventTime read yet: nothing to judge.", hint: null });
  } else if (e.unreadable > 0 && read === 0) {
    checks.push({ id: "event_time_format", status: "fail", message: `No EventTime could be read (${e.unreadable} rows), e.g. ${e.unreadableExample ?? "?"}.`, hint: fix && fix.dateOrder !== reading.dateOrder ? `KORE_EVENT_DATE_ORDER=${fix.dateOrder}` : null });
  } else if (e.unreadable > 0) {
    checks.push({ id: "event_time_format", status: e.unreadable / (read + e.unreadable) > 0.05 ? "fail" : "warn", message: `${e.unreadable} of ${read + e.unreadable} EventTimes could not be read (skipped), e.g. ${e.unreadableExample ?? "?"}; read: ${formsText}.`, hint: fix && fix.dateOrder !== reading.dateOrder ? `KORE_EVENT_DATE_ORDER=${fix.dateOrder}` : null });
  } else {
    checks.push({ id: "event_time_format", status: "ok", message: `Every EventTime read: ${formsText}.`, hint: null });
  }

  // event_time_zone
  const zonedFit = fit(zoned, reading, current, e.now);
  if (e.samples.length === 0) {
    checks.push({ id: "event_time_zone", status: "warn", message: "No events yet: the zone of EventTime cannot be checked until Kore.ai reports some.", hint: null });
  } else if (zoned.length > 0 && zonedFit < FIT) {
    checks.push({ id: "event_time_zone", status: "fail", message: `EventTimes that carry their own zone lie outside the windows asked for (${Math.round((1 - zonedFit) * 100)} %): Kore.ai's clock or its filter differs from the times it reports.`, hint: null });
  } else if (zoneless.length === 0 || currentFit >= FIT) {
    const zonelessText = zoneless.length ? `read in ${reading.zone}` : "each carries its own zone";
    checks.push({ id: "event_time_zone", status: "ok", message: `${e.samples.length} EventTimes fall inside the windows asked for (${zonelessText}).`, hint: null });
  } else {
    // How far the times lie from where they belong: the fix's move of zone, else the typical distance
    // (said only when a zone could explain it: a wrong clock or date order is no distance).
    const zoneOnly = !fix || (fix.clock === reading.clock && fix.dateOrder === reading.dateOrder);
    const shift = fix && fix.offset !== null && zoneOnly ? fix.shift : typicalShift(zoneless, reading);
    const outside = `${Math.round((1 - currentFit) * 100)} % of ${zoneless.length} events outside it, read in ${reading.zone}`;
    const where = zoneOnly && Math.abs(shift) < 26 * 3_600_000 ? `EventTime looks ${spanWords(shift)} ${shift > 0 ? "ahead of" : "behind"} the window asked for (${outside})` : `EventTime lies outside the window asked for (${outside})`;
    if (fix && fix.offset !== null) {
      const also = fix.clock !== reading.clock ? ` and KORE_EVENT_CLOCK=${fix.clock}` : fix.dateOrder !== reading.dateOrder ? ` and KORE_EVENT_DATE_ORDER=${fix.dateOrder}` : "";
      checks.push({ id: "event_time_zone", status: "fail", message: `${where}.`, hint: `set KORE_EVENT_TIMEZONE=${fix.zone} (or another zone at ${offsetText(fix.offset)})${also}` });
    } else if (fix) {
      checks.push({ id: "event_time_zone", status: "fail", message: `${where}; the zone is right, the ${fix.clock !== reading.clock ? "clock" : "date order"} is not.`, hint: fix.clock !== reading.clock ? `set KORE_EVENT_CLOCK=${fix.clock}` : `set KORE_EVENT_DATE_ORDER=${fix.dateOrder}` });
    } else {
      checks.push({ id: "event_time_zone", status: "fail", message: `${where}; no zone, clock or date order explains it.`, hint: null });
    }
  }

  // clock_12h
  if (fix && fix.clock !== reading.clock) {
    checks.push({ id: "clock_12h", status: "fail", message: fix.clock === "12h" ? "EventTime's hours never pass 12 and carry no AM/PM, and only a 12-hour reading puts the events inside the windows asked for." : "EventTime has hours past 12: it is a 24-hour clock.", hint: `set KORE_EVENT_CLOCK=${fix.clock}` });
  } else if (reading.clock === "12h" && maxHour > 12) {
    checks.push({ id: "clock_12h", status: "warn", message: `KORE_EVENT_CLOCK=12h, but EventTime has hours up to ${maxHour}: those are read as written.`, hint: "set KORE_EVENT_CLOCK=24h" });
  } else if (reading.clock === "12h") {
    checks.push({ id: "clock_12h", status: "ok", message: "Read as a 12-hour clock: an hour without AM/PM is the half of the day inside the window asked for.", hint: null });
  } else if (meridiem > 0) {
    checks.push({ id: "clock_12h", status: "ok", message: "EventTime names AM/PM: read as it says.", hint: null });
  } else {
    const spanned = spanOfSamples(zoneless);
    if (zoneless.length >= 20 && spanned >= 12 * 3_600_000 && maxHour <= 12) {
      checks.push({ id: "clock_12h", status: "warn", message: `${zoneless.length} EventTimes over ${spanWords(spanned)} and no hour above 12, no AM/PM: this may be a 12-hour clock.`, hint: "if Kore.ai's times are 12-hour, set KORE_EVENT_CLOCK=12h" });
    } else if (maxHour > 12) {
      checks.push({ id: "clock_12h", status: "ok", message: `Hours up to ${maxHour}: a 24-hour clock.`, hint: null });
    } else {
      checks.push({ id: "clock_12h", status: "ok", message: zoneless.length ? "Read as a 24-hour clock; no hour above 12 seen yet, and the windows agree." : "EventTime carries its own zone and hour.", hint: null });
    }
  }

  // date_order
  if (fix && fix.dateOrder !== reading.dateOrder) {
    checks.push({ id: "date_order", status: "fail", message: `Only ${fix.dateOrder === "dmy" ? "day before month" : "month before day"} puts the events inside the windows asked for.`, hint: `set KORE_EVENT_DATE_ORDER=${fix.dateOrder}` });
  } else if (reading.dateOrder === "mdy" && maxA > 12 && maxB <= 12) {
    checks.push({ id: "date_order", status: "fail", message: `The first number of the date reaches ${maxA} while the second never passes 12: day before month.`, hint: "set KORE_EVENT_DATE_ORDER=dmy" });
  } else if (reading.dateOrder === "dmy" && maxB > 12 && maxA <= 12) {
    checks.push({ id: "date_order", status: "fail", message: `The second number of the date reaches ${maxB} while the first never passes 12: month before day.`, hint: "set KORE_EVENT_DATE_ORDER=mdy" });
  } else if (slashed.length === 0) {
    checks.push({ id: "date_order", status: "ok", message: zoneless.length || zoned.length ? "EventTime is not written with slashes: its order is its own." : "No events yet.", hint: null });
  } else {
    checks.push({ id: "date_order", status: "ok", message: `Read as ${reading.dateOrder === "mdy" ? "month/day/year" : "day/month/year"}, and the windows agree.`, hint: null });
  }

  return { checks, failing: checks.some((c) => c.status === "fail" && TIME_CHECKS.includes(c.id)), fix };
}

function spanOfSamples(samples: readonly WrittenSample[]): number {
  if (samples.length === 0) return 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of samples) {
    lo = Math.min(lo, s.window.from);
    hi = Math.max(hi, s.window.to);
  }
  return hi - lo;
}

const FORM_WORDS: Record<EventTimeForm, string> = {
  slashed: "as MM/DD/YYYY H:mm:ss (no zone)",
  iso_local: "as ISO-8601 without a zone",
  iso_offset: "as ISO-8601 with a zone",
  epoch_s: "as epoch seconds",
  epoch_ms: "as epoch milliseconds",
};
