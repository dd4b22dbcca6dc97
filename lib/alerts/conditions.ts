import "server-only";
import { teamIn } from "@/lib/states/collate";
import { spanText } from "@/lib/time/span";
import type { AlertRule, Condition, ConditionKind } from "./config";
import type { Occurrence } from "./messages";

/**
 * Every kind of condition an alert rule may have, in one table: how a person reads it, whether an
 * occurrence of its kind is the rule's, and whether a rule's teams and agents narrow it. A new
 * kind is a field of `ConditionFields` (config.ts), a row here, and its occurrences in the
 * server's table (`OCCURRENCES`, lib/server/alerts/alert-sources.ts); the compiler asks for each.
 */
interface KindRule<K extends ConditionKind> {
  describe(w: Condition<K>): string;
  /** Whether an occurrence of this kind is about what the condition names (its level, its types, long enough). */
  holds(w: Condition<K>, o: Occurrence, now: number): boolean;
  /** About agents: the rule's teams and agents narrow it (Kore.ai or the store being down is the whole floor's). */
  scoped: boolean;
}

const has = (list: readonly string[], value: string) => list.includes(value);
const capital = (text: string) => text.replace(/^./, (c) => c.toUpperCase());

export const CONDITION_KINDS: { [K in ConditionKind]: KindRule<K> } = {
  threshold: { describe: (w) => `An agent past ${w.level}`, holds: (w, o) => o.type === w.level, scoped: true },
  adherence: { describe: (w) => `Adherence exception: ${w.types.join(", ")}`, holds: (w, o) => has(w.types, o.type), scoped: true },
  breaks: {
    describe: (w) => capital(w.types.map((t) => (t === "budget" ? "over a break budget" : "a team over its cap")).join(" or ")),
    holds: (w, o) => has(w.types, o.type),
    scoped: true,
  },
  flags: { describe: (w) => `Behaviour flag: ${w.rules.join(", ")}`, holds: (w, o) => has(w.rules, o.type), scoped: true },
  upstream: { describe: (w) => `Kore.ai not answering for ${spanText(w.afterMs)}`, holds: (w, o, now) => now - o.since >= w.afterMs, scoped: false },
  store: { describe: (w) => `The store unavailable for ${spanText(w.afterMs)}`, holds: (w, o, now) => now - o.since >= w.afterMs, scoped: false },
  understaffed: {
    describe: (w) => `A team ${w.by} or more below what it needs for ${w.intervals} ${INTERVAL_WORDS[w.interval]}${w.intervals === 1 ? "" : "s"} in a row`,
    holds: (w, o) => o.type === understaffedType(w),
    scoped: true,
  },
};

const INTERVAL_WORDS = { "15m": "quarter hour", "30m": "half hour", "1h": "hour" } as const;

/** An understaffed occurrence's type: the condition it was judged by (rules with other figures see other occurrences). */
export const understaffedType = (w: Pick<Condition<"understaffed">, "by" | "intervals" | "interval">) => `${w.interval}:${w.by}:${w.intervals}`;

/** A rule's condition as a person reads it. */
export function describeCondition<K extends ConditionKind>(w: Condition<K>): string {
  return CONDITION_KINDS[w.kind].describe(w);
}

function holds<K extends ConditionKind>(w: Condition<K>, o: Occurrence, now: number): boolean {
  return o.kind === w.kind && CONDITION_KINDS[w.kind].holds(w, o, now);
}

/** Whether a rule is about this occurrence: its condition, then (for a condition about agents) its teams and agents. */
export function matches(rule: AlertRule, o: Occurrence, now: number): boolean {
  if (!holds(rule.when, o, now)) return false;
  if (!CONDITION_KINDS[rule.when.kind].scoped) return true;
  if (rule.teams && !teamIn(rule.teams, o.team)) return false;
  if (rule.agents && !(o.agentId !== null && rule.agents.includes(o.agentId))) return false;
  return true;
}
