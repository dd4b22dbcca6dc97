import { startOfDay, wallTimeToUtc, zoneOffset } from "@/lib/time/zone";

/**
 * Times as the viewer reads them, in a display zone they pick (default: the browser's), and
 * the drill-down's windows: "last 8 h", "today" and "yesterday" in that zone, or a custom range.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, kind: "time" | "seconds" | "dateTime"): Intl.DateTimeFormat {
  const key = `${zone}|${kind}`;
  let f = formats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === "time"
        ? { hour: "2-digit", minute: "2-digit" }
        : kind === "seconds"
          ? { hour: "2-digit", minute: "2-digit", second: "2-digit" }
          : { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
    f = new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone });
    formats.set(key, f);
  }
  return f;
}

const localFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * As `new Date(t).toLocaleString([], options)` (the viewer's locale and zone), with each
 * formatter built once: a row's clock built one per call, on every render of every row.
 */
export function formatLocal(t: number | string | Date, options: Intl.DateTimeFormatOptions): string {
  const key = JSON.stringify(options);
  let f = localFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, options);
    localFormats.set(key, f);
  }
  return f.format(typeof t === "string" ? Date.parse(t) : t);
}

/** `14:05` (or `2:05 PM`, as the viewer's locale writes it). */
export const formatClock = (ms: number, zone: string) => formatter(zone, "time").format(ms);
export const formatClockSeconds = (ms: number, zone: string) => formatter(zone, "seconds").format(ms);
/** `Thu 26 Nov, 14:05` */
export const formatDateTime = (ms: number, zone: string) => formatter(zone, "dateTime").format(ms);

/** True when both instants fall on the same calendar day in `zone`. */
export function sameDay(a: number, b: number, zone: string): boolean {
  return startOfDay(a, zone) === startOfDay(b, zone);
}

let browserZone: string | null = null;

/** The browser's zone, read once per page (resolving it builds a formatter: costly, and asked on every render). */
export function browserTimeZone(): string {
  browserZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  return browserZone;
}

const TICK_STEPS = [5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY];

/** Axis ticks on round wall-clock times in `zone` (whole hours, midnights…), at most `max` of them. */
export function timeTicks(from: number, to: number, zone: string, max: number): number[] {
  const span = to - from;
  const step = TICK_STEPS.find((s) => span / s <= max) ?? DAY * Math.ceil(span / DAY / max);
  const wallFrom = from + zoneOffset(zone, from);
  const ticks: number[] = [];
  for (let wall = Math.ceil(wallFrom / step) * step; ; wall += step) {
    const t = wallTimeToUtc(wall, zone);
    if (t > to) break;
    if (t >= from && ticks[ticks.length - 1] !== t) ticks.push(t);
  }
  return ticks;
}

export type WindowPreset = "1h" | "4h" | "8h" | "today" | "yesterday";
export type WindowSpec = { preset: WindowPreset } | { preset: "custom"; from: number; to: number };

export const PRESETS: { id: WindowPreset; label: string }[] = [
  { id: "1h", label: "1 h" },
  { id: "4h", label: "4 h" },
  { id: "8h", label: "8 h" },
  { id: "today", label: "Today" },
  { id: "yesterday", label: "Yesterday" },
];

const RELATIVE: Partial<Record<WindowPreset, number>> = { "1h": HOUR, "4h": 4 * HOUR, "8h": 8 * HOUR };

/** The window's bounds at `now`. "Today" ends at midnight: the chart shows the rest of the day to come. */
export function resolveWindow(spec: WindowSpec, now: number, zone: string): { from: number; to: number } {
  if (spec.preset === "custom") return { from: spec.from, to: spec.to };
  const relative = RELATIVE[spec.preset];
  if (relative) return { from: now - relative, to: now };
  const dayOffset = spec.preset === "yesterday" ? -1 : 0;
  return { from: startOfDay(now, zone, dayOffset), to: startOfDay(now, zone, dayOffset + 1) };
}

/** True when the window moves with the clock (its end is now). */
export const isRelative = (spec: WindowSpec) => spec.preset in RELATIVE;

/** `2026-11-27T08:00` in `zone` → epoch ms; the value of a datetime-local input. */
export function parseLocalInput(value: string, zone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isNaN(wall) ? null : wallTimeToUtc(wall, zone);
}

export function toLocalInput(ms: number, zone: string): string {
  return new Date(ms + zoneOffset(zone, ms)).toISOString().slice(0, 16);
}
