import type { StateFamily } from "./family";

/**
 * The labels config as every screen needs it: what a tenant's reason codes and activities mean.
 * Its file and its validation are in labels-file.ts (server side: the browser never loads zod).
 */

export const REASON_CATEGORIES = ["break", "lunch", "training", "meeting", "system", "other"] as const;
export type ReasonCategory = (typeof REASON_CATEGORIES)[number];

export interface ReasonLabel {
  label: string;
  category: ReasonCategory;
}

export interface ActivityLabel {
  label?: string;
  /** Which family the activity belongs to (`tone` in the file): its icon, its order and the thresholds that apply. */
  family?: Exclude<StateFamily, "none">;
  /** #rrggbb, for the state's bar, band and dot (text keeps the family's contrast-checked ink). */
  color?: string;
}

/** What every screen needs of the config: small, whatever the size of the floor. */
export interface Labels {
  reasons: Record<string, ReasonLabel>;
  /** Keyed by `activityKey`. */
  activities: Record<string, ActivityLabel>;
  /** Team names in the order the file lists them (each agent's team travels with it in /api/agents). */
  teamNames: string[];
}

export const NO_LABELS: Labels = { reasons: {}, activities: {}, teamNames: [] };
