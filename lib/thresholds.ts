import { describeActivity } from "@/lib/display/activity";

/**
 * Time-in-state thresholds: when an agent has been in a state (or a reason) too long, the
 * wallboard and the grid show it, amber past `warn` and red past `alert`. One rule set, one
 * evaluation, for every screen. Pure: the server parses the rules from the environment and the
 * browser evaluates them against its ticking clock.
 */

export type Level = "ok" | "warn" | "alert";

export interface ThresholdRule {
  /** An activity as Kore.ai sends it, a state family (`notready` also covers `away`), or `*` for any. */
  state: string;
  /** null: any reason code. A rule for the agent's exact reason wins over one without. */
  reasonCode: string | null;
  warnMs: number;
  alertMs: number;
}

const MINUTE = 60_000;

/** Sensible defaults: a long not-ready, a long wrap-up, a very long call. */
export const DEFAULT_THRESHOLDS: readonly ThresholdRule[] = [
  { state: "notready", reasonCode: null, warnMs: 10 * MINUTE, alertMs: 20 * MINUTE },
  { state: "acw", reasonCode: null, warnMs: 5 * MINUTE, alertMs: 10 * MINUTE },
  { state: "busy", reasonCode: null, warnMs: 30 * MINUTE, alertMs: 60 * MINUTE },
];

const key = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * The rule that applies to an agent in `activity` with `reasonCode`, if any: a rule for the
 * state and that exact reason, else one for the reason in any state (`*`, from the labels
 * config), else one for the state.
 */
export function ruleFor(rules: readonly ThresholdRule[], activity: string | null, reasonCode: string | null): ThresholdRule | null {
  if (activity === null) return null;
  const raw = key(activity);
  const tone = describeActivity(activity).tone;
  let anyState: ThresholdRule | null = null;
  let general: ThresholdRule | null = null;
  for (const r of rules) {
    if (r.state === "*") {
      if (r.reasonCode !== null && r.reasonCode === reasonCode) anyState ??= r;
      continue;
    }
    const state = key(r.state);
    if (state !== raw && state !== tone) continue;
    if (r.reasonCode !== null && r.reasonCode === reasonCode) return r;
    if (r.reasonCode === null) general ??= r;
  }
  return anyState ?? general;
}

export function levelOf(rule: ThresholdRule | null, msInState: number): Level {
  if (!rule) return "ok";
  if (msInState >= rule.alertMs) return "alert";
  if (msInState >= rule.warnMs) return "warn";
  return "ok";
}

/** When the level will next change (ms from now), for re-checking exactly then; null if never. */
export function nextCrossingMs(rule: ThresholdRule | null, msInState: number): number | null {
  if (!rule) return null;
  if (msInState < rule.warnMs) return rule.warnMs - msInState;
  if (msInState < rule.alertMs) return rule.alertMs - msInState;
  return null;
}

const DURATION = /^(\d+(?:\.\d+)?)(s|m|min|h)$/;

export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim().toLowerCase());
  if (!m) return null;
  const unit = m[2] === "s" ? 1000 : m[2] === "h" ? 3_600_000 : MINUTE;
  return Math.round(Number(m[1]) * unit);
}

/**
 * Reads `notready=10m/20m,notready:2=45m/60m,acw=5m/10m`: a state, optionally `:reason`, then
 * warn/alert durations in s, m or h. Throws with a message naming the bad part.
 */
export function parseThresholds(text: string): ThresholdRule[] {
  const rules: ThresholdRule[] = [];
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^:=\s]+)(?::([^=\s]+))?=([^/\s]+)\/([^/\s]+)$/.exec(part);
    if (!m) throw new Error(`"${part}" is not state[:reason]=warn/alert, such as notready=10m/20m`);
    const warnMs = parseDuration(m[3]!);
    const alertMs = parseDuration(m[4]!);
    if (warnMs === null || alertMs === null) throw new Error(`"${part}": durations are a number with s, m or h, such as 90s, 10m or 1h`);
    if (alertMs < warnMs) throw new Error(`"${part}": the alert time must not be shorter than the warn time`);
    rules.push({ state: m[1]!, reasonCode: m[2] ?? null, warnMs, alertMs });
  }
  return rules;
}
