import type { ReasonCategory } from "./labels";

/**
 * The behaviour flags' rules as the labels config sets them (their detection is
 * lib/activity/flags.ts): the floor's, each over its documented default, and a team's own.
 */

export interface FlagRules {
  rapidToggle: { changes: number; withinMs: number } | null;
  longAcw: { percentile: number; minSamples: number } | null;
  slowStart: { afterMs: number } | null;
  reasonUse: { max: number; reasons: readonly string[] | null; categories: readonly ReasonCategory[] } | null;
}

/** The documented defaults (docs/labels.md): each can be changed or turned off in the labels config, for all or per team. */
export const DEFAULT_FLAG_RULES: FlagRules = {
  rapidToggle: { changes: 6, withinMs: 10 * 60_000 },
  longAcw: { percentile: 90, minSamples: 20 },
  slowStart: { afterMs: 10 * 60_000 },
  reasonUse: { max: 3, reasons: null, categories: ["system"] },
};

/** The rules of the labels config: the floor's, and a team's own over them (a rule turned off is null). */
export interface FlagConfig {
  rules: FlagRules;
  teams: Readonly<Record<string, Partial<FlagRules>>>;
}

/** A team's rules: its own over the floor's. */
export function flagRulesFor(config: FlagConfig, team: string | null): FlagRules {
  const own = team === null ? undefined : config.teams[team];
  return own ? { ...config.rules, ...own } : config.rules;
}
