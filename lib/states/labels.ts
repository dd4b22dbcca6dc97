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

/** Break rules: time allowed per category per shift (ms), and how many of a team may be in a category at once. */
export interface BreakRules {
  budgets: Partial<Record<ReasonCategory, number>>;
  caps: Partial<Record<ReasonCategory, number>>;
}

/** What every screen needs of the config: small, whatever the size of the floor. */
export interface Labels {
  reasons: Record<string, ReasonLabel>;
  /** Keyed by `activityKey`. */
  activities: Record<string, ActivityLabel>;
  /** Team names in the order the file lists them (each agent's team travels with it in /api/agents). */
  teamNames: string[];
  /** Break budgets and caps for every team, and per team where the file overrides them. */
  breaks?: BreakRules & { teams: Record<string, Partial<BreakRules>> };
}

export const NO_LABELS: Labels = { reasons: {}, activities: {}, teamNames: [] };

/**
 * What the grid and the wallboard read of the floor besides the agents: break budgets and caps
 * while the labels set any, and behaviour flags on the grid (lib/queries/floor.ts asks for them).
 */
export function floorParts(labels: Labels, page: "grid" | "wallboard"): { breaks: boolean; flags: boolean } {
  return { breaks: labels.breaks !== undefined, flags: page === "grid" };
}

/** A team's budget for a category (ms), its own rule first; null: none. */
export function budgetFor(labels: Labels, team: string | null, category: ReasonCategory): number | null {
  const b = labels.breaks;
  if (!b) return null;
  return (team !== null ? b.teams[team]?.budgets?.[category] : undefined) ?? b.budgets[category] ?? null;
}

/** A team's cap on a category (agents at once), its own rule first; null: none. */
export function capFor(labels: Labels, team: string | null, category: ReasonCategory): number | null {
  const b = labels.breaks;
  if (!b) return null;
  return (team !== null ? b.teams[team]?.caps?.[category] : undefined) ?? b.caps[category] ?? null;
}
