/**
 * Break budgets on screen: an agent's used time per category brought up to `now` (the category
 * it is in keeps growing between polls) and which categories are over, by the one rule the alerts
 * use too (`lib/activity/budgets.ts`); the figure as the grid writes it.
 */

export { overAllowed, overBudget, overFrom, usedAt } from "@/lib/activity/budgets";

/** "12/30 min": whole minutes, used over allowed. */
export const budgetText = (usedSeconds: number, allowedSeconds: number) => `${Math.floor(usedSeconds / 60)}/${Math.round(allowedSeconds / 60)} min`;
