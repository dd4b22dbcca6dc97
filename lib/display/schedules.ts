import type { StateFamily } from "@/lib/states/family";

/**
 * How a schedule is drawn: each scheduled activity's name and the state family whose colour it
 * borrows (work as ready, a break or lunch as not ready, off as no state), and a day's rows as
 * bars placed in percent of the day.
 */

export const SCHEDULED_LABELS: Record<string, string> = {
  work: "Work",
  off: "Off",
  break: "Break",
  lunch: "Lunch",
  training: "Training",
  meeting: "Meeting",
  system: "System",
  other: "Other",
};

export function scheduledFamily(activity: string): StateFamily {
  if (activity === "work") return "ready";
  if (activity === "off") return "none";
  if (activity === "training" || activity === "meeting") return "other";
  return "notready";
}

/** What each adherence exception is called: in full, short (the grid's column), on a TV tile, and as a sentence (lib/activity/adherence.ts's one table). */
export { EXCEPTION_MARKS, EXCEPTION_NAMES, EXCEPTION_PHRASES, EXCEPTION_SHORT } from "@/lib/activity/adherence";

export const scheduledLabel = (activity: string | null) => (activity === null ? "Nothing scheduled" : (SCHEDULED_LABELS[activity] ?? activity));

export interface DayBar {
  activity: string;
  start: number;
  end: number;
  /** Percent of the day from its start, and width in percent. */
  left: number;
  width: number;
}

/** Rows clipped to [from, to), placed on it. */
export function dayBars(rows: readonly { start: number; end: number; activity: string }[], from: number, to: number): DayBar[] {
  const span = to - from;
  const out: DayBar[] = [];
  for (const r of rows) {
    const start = Math.max(r.start, from);
    const end = Math.min(r.end, to);
    if (end <= start) continue;
    out.push({ activity: r.activity, start: r.start, end: r.end, left: (100 * (start - from)) / span, width: (100 * (end - start)) / span });
  }
  return out;
}
