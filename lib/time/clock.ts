/**
 * Times of day in texts the server writes (alerts, digests), on a zone's wall clock: one
 * formatter a zone and form, 24-hour, the same in every channel. The browser says times in the
 * viewer's own zone and locale (`lib/display/time.ts`); a message goes to many readers, so it says
 * the floor's zone (FLOORVIEW_TIMEZONE) and names it.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, kind: "clock" | "wall" | "name"): Intl.DateTimeFormat {
  const key = `${kind}\u0000${zone}`;
  let f = formats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === "clock"
        ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
        : kind === "wall"
          ? { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
          : { timeZoneName: "short" };
    f = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: zone });
    formats.set(key, f);
  }
  return f;
}

/** "14:05" on `zone`'s clock. */
export const clockIn = (ms: number, zone: string): string => formatter(zone, "clock").format(ms);

/** "Tue 1 Dec, 07:00" on `zone`'s clock. */
export const wallClock = (ms: number, zone: string): string => formatter(zone, "wall").format(ms);

/** The zone's short name at that moment ("CET", "CEST", "UTC", "GMT+5:30"). */
export function zoneName(ms: number, zone: string): string {
  return formatter(zone, "name").formatToParts(ms).find((p) => p.type === "timeZoneName")?.value ?? zone;
}

/** "14:05 CET": a time of day a reader anywhere can place. */
export const clockNamed = (ms: number, zone: string): string => `${clockIn(ms, zone)} ${zoneName(ms, zone)}`;
