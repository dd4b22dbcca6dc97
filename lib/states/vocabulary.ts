import { activityKey, BUILT_IN, FAMILY_ORDER, humanize, isLoggedIn, NO_STATE, type StateFamily } from "./family";
import { NO_LABELS, type Labels, type ReasonCategory } from "./labels";
import type { Level, ThresholdRule } from "./thresholds";
import { compareText } from "./collate";

/**
 * The one answer to "what is this state called, which family is it in, what colour is it, is it
 * past its threshold, how many are in it". Grid, wallboard, drill-down, CSV and the server all
 * ask an instance of this class, built from the labels config and the threshold rules; nothing
 * here reads a global. Pure: the server builds one from its config, the browser one from the
 * same values handed down by the server page (components/vocabulary.tsx, from app/layout.tsx).
 */

export interface StateInfo {
  /** `activityKey` of the activity, or `none` for an agent without any. */
  key: string;
  family: StateFamily;
  label: string;
  /** A CSS colour: the labels config's own, else the family's token (`--color-state-<family>` in app/globals.css). */
  colour: string;
  /** The labels config's colour for this activity, when it gives one. */
  customColour: string | null;
}

export interface ReasonInfo {
  code: string;
  /** Under a "Reason" heading: the config's label, or the code exactly as sent. */
  label: string;
  /** Where no heading says "Reason" (a wallboard tile): an unknown code reads "Reason 9". */
  phrase: string;
  category: ReasonCategory | null;
}

export interface StateDescription extends StateInfo {
  reason: ReasonInfo | null;
  /** The reason's category (break, lunch…), when the config names the code. */
  category: ReasonCategory | null;
}

export interface LevelInfo {
  level: Level;
  /** The threshold passed ("over 20 min"); null while within every limit. */
  limitMs: number | null;
  elapsedMs: number;
  /** Epoch ms at which the level changes next; null when it never will (no rule, or past alert). */
  nextCrossingAt: number | null;
  /** How much of the alert threshold is used (1 = at alert); null without a rule. */
  share: number | null;
}

export interface StateCount extends StateInfo {
  count: number;
}

export interface ReasonCount extends ReasonInfo {
  count: number;
}

/** What the vocabulary needs of an agent, a segment or an event. */
export interface HasState {
  activity: string | null;
  reasonCode: string | null;
}

const familyColour = (family: StateFamily) => `var(--color-state-${family})`;

const NONE: StateInfo = { key: NO_STATE, family: "none", label: "No activity", colour: familyColour("none"), customColour: null };

interface CompiledRule {
  rule: ThresholdRule;
  /** `activityKey` of the rule's state (a key or a family name), or `*`. */
  state: string;
}

export class Vocabulary {
  private readonly states = new Map<string, StateInfo>();
  private readonly reasons = new Map<string, ReasonInfo>();
  private readonly ruleCache = new Map<string, ThresholdRule | null>();
  private readonly compiled: CompiledRule[];

  constructor(
    readonly labels: Labels = NO_LABELS,
    /** In order of precedence among equals: FLOORVIEW_THRESHOLDS, then the labels config's reason thresholds. */
    readonly rules: readonly ThresholdRule[] = [],
  ) {
    this.compiled = rules.map((rule) => ({ rule, state: rule.state === "*" ? "*" : activityKey(rule.state) }));
  }

  /** An activity as Kore.ai sent it (null: none): the config's name, family and colour win over the built-in ones. */
  state(activity: string | null): StateInfo {
    if (activity === null) return NONE;
    let info = this.states.get(activity);
    if (!info) {
      const key = activityKey(activity);
      const builtIn = BUILT_IN[key] ?? { family: "other" as const, label: humanize(activity) };
      const custom = this.labels.activities[key];
      const family = custom?.family ?? builtIn.family;
      const customColour = custom?.color ?? null;
      info = { key, family, label: custom?.label ?? builtIn.label, colour: customColour ?? familyColour(family), customColour };
      this.states.set(activity, info);
    }
    return info;
  }

  /** A reason code as sent: its name and category from the labels config, or the code itself. */
  reason(code: string): ReasonInfo {
    let info = this.reasons.get(code);
    if (!info) {
      const named = this.labels.reasons[code];
      info = { code, label: named?.label ?? code, phrase: named?.label ?? `Reason ${code}`, category: named?.category ?? null };
      this.reasons.set(code, info);
    }
    return info;
  }

  describe({ activity, reasonCode }: HasState): StateDescription {
    const reason = reasonCode === null ? null : this.reason(reasonCode);
    return { ...this.state(activity), reason, category: reason?.category ?? null };
  }

  /** True when the state is one of `wanted`: activity keys (`notready`), families, or `none`. */
  /** Whether an activity is logged in (`isLoggedIn`, family.ts): a known state other than logged out. */
  loggedIn(activity: string | null): boolean {
    return isLoggedIn(this.state(activity).family);
  }

  isIn(activity: string | null, wanted: ReadonlySet<string>): boolean {
    const { key, family } = this.state(activity);
    return wanted.has(key) || wanted.has(family);
  }

  /**
   * The threshold rule for a state: one for the activity (or its family) and that exact reason,
   * else one for the reason in any state (`*`, from the labels config), else one for the activity
   * or family with any reason. Among equals, the first listed.
   */
  rule({ activity, reasonCode }: HasState): ThresholdRule | null {
    if (activity === null) return null;
    const cacheKey = `${activity}\u0000${reasonCode ?? "\u0001"}`;
    const cached = this.ruleCache.get(cacheKey);
    if (cached !== undefined) return cached;
    const { key, family } = this.state(activity);
    let exact: ThresholdRule | null = null;
    let anyState: ThresholdRule | null = null;
    let general: ThresholdRule | null = null;
    for (const { rule, state } of this.compiled) {
      if (state === "*") {
        if (rule.reasonCode !== null && rule.reasonCode === reasonCode) anyState ??= rule;
        continue;
      }
      if (state !== key && state !== family) continue;
      if (rule.reasonCode !== null && rule.reasonCode === reasonCode) {
        exact = rule;
        break;
      }
      if (rule.reasonCode === null) general ??= rule;
    }
    const found = exact ?? anyState ?? general;
    this.ruleCache.set(cacheKey, found);
    return found;
  }

  /** How a state that began at `since` (epoch ms; null: unknown) stands against its threshold at `now`. */
  level(state: HasState, since: number | null, now: number): LevelInfo {
    const elapsedMs = since === null ? 0 : Math.max(0, now - since);
    const rule = since === null ? null : this.rule(state);
    if (!rule || since === null) return { level: "ok", limitMs: null, elapsedMs, nextCrossingAt: null, share: null };
    const share = elapsedMs / Math.max(1, rule.alertMs);
    if (elapsedMs >= rule.alertMs) return { level: "alert", limitMs: rule.alertMs, elapsedMs, nextCrossingAt: null, share };
    if (elapsedMs >= rule.warnMs) return { level: "warn", limitMs: rule.warnMs, elapsedMs, nextCrossingAt: since + rule.alertMs, share };
    return { level: "ok", limitMs: null, elapsedMs, nextCrossingAt: since + rule.warnMs, share };
  }

  /** How many are in each state, by key, in the order a supervisor scans (family, then name). */
  countStates(items: Iterable<HasState>): StateCount[] {
    const counts = new Map<string, StateCount>();
    for (const item of items) {
      const info = this.state(item.activity);
      const c = counts.get(info.key);
      if (c) c.count++;
      else counts.set(info.key, { ...info, count: 1 });
    }
    return [...counts.values()].sort((x, y) => FAMILY_ORDER.indexOf(x.family) - FAMILY_ORDER.indexOf(y.family) || compareText(x.label, y.label));
  }

  /** How many have each reason code (those with none are left out), most first, then by name. */
  countReasons(items: Iterable<HasState>): ReasonCount[] {
    const counts = new Map<string, ReasonCount>();
    for (const { reasonCode } of items) {
      if (reasonCode === null) continue;
      const c = counts.get(reasonCode);
      if (c) c.count++;
      else counts.set(reasonCode, { ...this.reason(reasonCode), count: 1 });
    }
    return [...counts.values()].sort((x, y) => y.count - x.count || compareText(x.label, y.label));
  }
}

/** A family's rank in the scanning order (ready first, no activity last). */
export const familyRank = (family: StateFamily): number => FAMILY_ORDER.indexOf(family);
