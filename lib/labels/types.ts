import type { StateTone } from "@/lib/display/activity";

/** The labels config's shape, shared by the parser (server) and the display helpers (browser). */

export const REASON_CATEGORIES = ["break", "lunch", "training", "meeting", "system", "other"] as const;
export type ReasonCategory = (typeof REASON_CATEGORIES)[number];

export interface ReasonLabel {
  label: string;
  category: ReasonCategory;
}

export interface ActivityLabel {
  label?: string;
  /** Which family the activity belongs to: its icon, its order and the thresholds that apply. */
  tone?: Exclude<StateTone, "none">;
  /** #rrggbb, for the state's bar, band and dot (text keeps the family's contrast-checked ink). */
  color?: string;
}

export interface Labels {
  reasons: Record<string, ReasonLabel>;
  /** Keyed by the activity lower-cased with everything but letters and digits removed. */
  activities: Record<string, ActivityLabel>;
  /** Team names in the order the file lists them (each agent's team travels with it in /api/agents). */
  teamNames: string[];
}

export const NO_LABELS: Labels = { reasons: {}, activities: {}, teamNames: [] };

export const activityKey = (activity: string) => activity.toLowerCase().replace(/[^a-z0-9]/g, "");

