/**
 * Wall-clock arithmetic for test oracles, by the platform's own zone data (Intl), not by
 * Floorview's `lib/time/zone.ts`: a mistake there must not hide here.
 */

/** The zone's offset from UTC at `ms`, in ms (+01:00 → 3 600 000). */
export function offsetAt(ms: number, tz: string): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" }).formatToParts(ms).find((p) => p.type === "timeZoneName")!.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 3_600_000 + Number(m[3]) * 60_000);
}

/** The instant the zone's day holding `ms` began (its midnight, or the first instant after it on a day that skips it). */
export function zoneMidnight(ms: number, tz: string): number {
  const wall = ms + offsetAt(ms, tz);
  const wallMidnight = wall - (((wall % 86_400_000) + 86_400_000) % 86_400_000);
  // The offset at midnight may differ from the one at `ms` (a change of clocks that day): try both.
  for (const guess of [wallMidnight - offsetAt(ms, tz), wallMidnight - offsetAt(wallMidnight - offsetAt(ms, tz), tz)]) {
    if (guess + offsetAt(guess, tz) === wallMidnight) return guess;
  }
  return wallMidnight - offsetAt(ms, tz);
}

/** An instant as the zone's wall time with its offset, as a planner writes it ("2026-10-25T02:30:00+01:00"). */
export function wallIso(ms: number, tz: string): string {
  const off = offsetAt(ms, tz);
  const sign = off < 0 ? "-" : "+";
  const hh = String(Math.floor(Math.abs(off) / 3_600_000)).padStart(2, "0");
  const mm = String(Math.floor((Math.abs(off) % 3_600_000) / 60_000)).padStart(2, "0");
  return new Date(ms + off).toISOString().replace(/\.\d{3}Z$/, `${sign}${hh}:${mm}`);
}
