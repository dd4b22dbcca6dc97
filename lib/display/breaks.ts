import type { AgentBreaks } from "@/lib/api-types";

/**
 * Break budgets on screen: an agent's used time per category brought up to `now` (the category
 * it is in keeps growing between polls), which categories are over, and the caps teams exceed.
 */

/** Seconds used per category at `now`. */
export function usedAt(b: AgentBreaks, now: number): Record<string, number> {
  if (!b.running) return b.used;
  const grown = Math.max(0, Math.floor((now - Date.parse(b.counted)) / 1000));
  return { ...b.used, [b.running]: (b.used[b.running] ?? 0) + grown };
}

/** Categories over their budget at `now`, with used and allowed seconds. */
export function overBudget(b: AgentBreaks, now: number): { category: string; used: number; allowed: number }[] {
  const used = usedAt(b, now);
  return Object.entries(b.allowed).flatMap(([category, allowed]) => ((used[category] ?? 0) > allowed ? [{ category, used: used[category]!, allowed }] : []));
}

/** "12/30 min": whole minutes, used over allowed. */
export const budgetText = (usedSeconds: number, allowedSeconds: number) => `${Math.floor(usedSeconds / 60)}/${Math.round(allowedSeconds / 60)} min`;
