/**
 * Time-in-state thresholds as configured: amber past `warn`, red past `alert`. Parsing only;
 * which rule applies to a state, and the level it gives, is the vocabulary's (`vocabulary.ts`).
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

const DURATION = /^(\d+(?:\.\d+)?)(s|m|min|h)$/;

/** `90s`, `10m`, `1.5h` → milliseconds; null when it is not such a duration. */
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
