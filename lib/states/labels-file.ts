import { z } from "zod";
import { activityKey, ASSIGNABLE_FAMILIES } from "./family";
import { REASON_CATEGORIES, type ActivityLabel, type Labels, type ReasonLabel } from "./labels";
import { parseDuration, type ThresholdRule } from "./thresholds";
import { DEFAULT_FLAG_RULES, type FlagConfig, type FlagRules } from "./flag-rules";
import { sameTeam } from "./collate";

/**
 * The labels config file: what a tenant's reason codes and activities mean, and which team each
 * agent is on (the activity feed carries neither). JSON, at the path in `FLOORVIEW_LABELS_FILE`;
 * validated field by field, so a mistake is named with its place in the file. Pure: the server
 * reads the file and hands the parsed `Labels` to the browser.
 *
 *   {
 *     "reasons":    { "1": { "label": "Break", "category": "break", "warn": "15m", "alert": "20m" } },
 *     "activities": { "ready": { "label": "Available", "color": "#009e73" },
 *                     "training": { "label": "Training", "tone": "notready" } },
 *     "teams":      { "Billing": ["agent-id-1", "agent-id-2"] },
 *     "budgets":    { "break": "30m", "lunch": "1h" },
 *     "caps":       { "break": 3 },
 *     "teamRules":  { "Billing": { "budgets": { "break": "20m" }, "caps": { "break": 2 } } },
 *     "flags":      { "rapidToggle": { "changes": 6, "within": "10m" }, "longAcw": { "percentile": 90, "minSamples": 20 },
 *                     "slowStart": { "after": "10m" }, "reasonUse": { "max": 3, "categories": ["system"], "reasons": ["6"] } },
 *     "grace":      { "work": "5m", "break": "2m" },
 *     "impact":     [{ "scheduled": "break", "actual": "work", "impact": "positive" }, { "actual": "system", "impact": "neutral" }],
 *     "autoAdjust": { "system": "neutral", "7": "excused" }
 *   }
 *
 * `budgets`: time allowed per reason category per shift (the scheduled work span when there is a
 * schedule, else the agent's day); `caps`: how many agents of one team may be in a category at
 * once; `teamRules`: a team's own, over the defaults (`flags` too). `flags`: the behaviour flags'
 * rules (lib/activity/flags.ts), each over its documented default, or `false` to turn it off.
 * `grace`: per scheduled activity (`work`, `off` or a reason category), how long a stretch out of
 * adherence may last before it is an exception (FLOORVIEW_ADHERENCE_GRACE_MINUTES for the others).
 * `impact`: what an adherence exception costs, the first line that matches (`type`, `scheduled`,
 * `actual`: `work`, `off`, a reason category or an activity; each left out matches any); none
 * matching: negative. `autoAdjust`: time out of adherence in a reason (by code, or by category)
 * counts as `excused` or `neutral` at once, pending a supervisor's review.
 */

const duration = z.string().refine((s) => typeof s === "string" && parseDuration(s) !== null, "must be a number with s, m or h, such as 90s, 10m or 1h");
const text = (what: string) => z.string({ error: `${what} must be text` }).trim().min(1, `${what} must not be empty`).max(80, `${what} must be at most 80 characters`);

const reason = z
  .strictObject({
    label: text("label"),
    category: z.enum(REASON_CATEGORIES, { error: `must be one of ${REASON_CATEGORIES.join(", ")}` }).default("other"),
    warn: duration.optional(),
    alert: duration.optional(),
  })
  .refine((r) => (r.warn === undefined) === (r.alert === undefined), "give both warn and alert, or neither")
  .refine((r) => {
    const warn = typeof r.warn === "string" ? parseDuration(r.warn) : null;
    const alert = typeof r.alert === "string" ? parseDuration(r.alert) : null;
    return warn === null || alert === null || alert >= warn;
  }, "alert must not be shorter than warn");

const activity = z.strictObject({
  label: text("label").optional(),
  tone: z.enum(ASSIGNABLE_FAMILIES, { error: `must be one of ${ASSIGNABLE_FAMILIES.join(", ")}` }).optional(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour such as #0072b2")
    .optional(),
});

const categoryKey = z.enum(REASON_CATEGORIES, { error: `must be one of ${REASON_CATEGORIES.join(", ")}` });
const budgets = z.partialRecord(categoryKey, duration);
const caps = z.partialRecord(categoryKey, z.number({ error: "must be a number of agents" }).int("must be a whole number of agents").min(0, "must be 0 or more"));

/** Adherence's grace per scheduled activity: each key named with its place when it is none of them. */
const GRACE_KEYS: readonly string[] = ["work", "off", ...REASON_CATEGORIES];
const grace = z.record(z.string(), duration).superRefine((r, ctx) => {
  for (const k of Object.keys(r)) if (!GRACE_KEYS.includes(k)) ctx.addIssue({ code: "custom", message: `must be work, off or one of ${REASON_CATEGORIES.join(", ")}`, path: [k] });
});

const EXCEPTION_TYPE_NAMES = ["late", "early_leave", "wrong_activity", "unscheduled"] as const;
const impactRule = z.strictObject({
  type: z.enum(EXCEPTION_TYPE_NAMES, { error: `must be one of ${EXCEPTION_TYPE_NAMES.join(", ")}` }).optional(),
  scheduled: z.string().trim().min(1).optional(),
  actual: z.string().trim().min(1).optional(),
  impact: z.enum(["positive", "negative", "neutral"], { error: "must be positive, negative or neutral" }),
});
const ADJUST_KINDS = ["excused", "neutral"] as const;
/** Keys: a reason code of the file, or a reason category. */
const autoAdjust = z.record(z.string().trim().min(1), z.enum(ADJUST_KINDS, { error: "must be excused or neutral" }));

/** A rule, or `false` to turn it off; the rule's own mistakes named with their place. */
function orOff<T extends z.ZodType>(rule: T) {
  return z.unknown().transform((v, ctx): false | z.output<T> => {
    if (v === false) return false;
    const r = rule.safeParse(v);
    if (r.success) return r.data;
    for (const i of r.error.issues) ctx.addIssue({ code: "custom", message: i.message, path: i.path as PropertyKey[] });
    return z.NEVER;
  });
}
const whole = (min: number, message: string) => z.number({ error: "must be a number" }).int("must be a whole number").min(min, message);
const flagRules = z.strictObject({
  rapidToggle: orOff(z.strictObject({ changes: whole(2, "must be at least 2"), within: duration })).optional(),
  longAcw: orOff(z.strictObject({ percentile: whole(50, "must be 50 to 99").max(99, "must be 50 to 99").default(90), minSamples: whole(1, "must be at least 1").default(20) })).optional(),
  slowStart: orOff(z.strictObject({ after: duration })).optional(),
  reasonUse: orOff(z.strictObject({ max: whole(1, "must be at least 1"), reasons: z.array(z.string().trim().min(1)).optional(), categories: z.array(categoryKey).optional() })).optional(),
});

const file = z.strictObject({
  $schema: z.string().optional(),
  reasons: z.record(z.string().trim().min(1, "a reason code must not be empty"), reason).default({}),
  activities: z.record(z.string().trim().min(1), activity).default({}),
  teams: z.record(text("a team name"), z.array(z.string().trim().min(1, "an agent id must not be empty"), { error: "must be a list of agent ids" })).default({}),
  budgets: budgets.default({}),
  caps: caps.default({}),
  teamRules: z.record(text("a team name"), z.strictObject({ budgets: budgets.optional(), caps: caps.optional(), flags: flagRules.optional() })).default({}),
  flags: flagRules.default({}),
  grace: grace.default({}),
  impact: z.array(impactRule, { error: "must be a list of { type?, scheduled?, actual?, impact }" }).optional(),
  autoAdjust: autoAdjust.default({}),
});

/** The file's flag rules as rules: a rule given replaces the default, `false` turns it off. */
function flagRulesOf(f: z.infer<typeof flagRules>, base: FlagRules | null): Partial<FlagRules> {
  const out: Partial<FlagRules> = {};
  if (f.rapidToggle !== undefined) out.rapidToggle = f.rapidToggle === false ? null : { changes: f.rapidToggle.changes, withinMs: parseDuration(f.rapidToggle.within)! };
  if (f.longAcw !== undefined) out.longAcw = f.longAcw === false ? null : { percentile: f.longAcw.percentile, minSamples: f.longAcw.minSamples };
  if (f.slowStart !== undefined) out.slowStart = f.slowStart === false ? null : { afterMs: parseDuration(f.slowStart.after)! };
  if (f.reasonUse !== undefined) {
    const d = base?.reasonUse ?? DEFAULT_FLAG_RULES.reasonUse!;
    // Naming reasons alone watches just those; naming neither keeps the default categories.
    out.reasonUse = f.reasonUse === false ? null : {
      max: f.reasonUse.max,
      reasons: f.reasonUse.reasons ?? null,
      categories: f.reasonUse.categories ?? (f.reasonUse.reasons ? [] : d.categories),
    };
  }
  return out;
}

/** `autoAdjust`'s keys: a reason code the file names, else a category (a code the file does not name is still a code: Kore.ai may send it). */
function autoOf(a: Record<string, "excused" | "neutral">, reasons: Record<string, unknown>): ParsedLabels["auto"] {
  const out: ParsedLabels["auto"] = { reasons: {}, categories: {} };
  for (const [k, kind] of Object.entries(a)) {
    if ((REASON_CATEGORIES as readonly string[]).includes(k) && !(k in reasons)) out.categories[k] = kind;
    else out.reasons[k] = kind;
  }
  return out;
}

export class LabelsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
    this.name = "LabelsError";
  }
}

export interface ParsedLabels {
  /** What the browser needs. */
  labels: Labels;
  /** Agent id → team, for the snapshot the server builds. */
  teams: Map<string, string>;
  /** Reason-code thresholds from the file, for any state; a FLOORVIEW_THRESHOLDS rule for the same state and reason wins. */
  thresholds: ThresholdRule[];
  /** The behaviour flags' rules (server side only). */
  flags: FlagConfig;
  /** Adherence's grace (ms) per scheduled activity where the file sets one (server side only). */
  grace: Partial<Record<string, number>>;
  /** The impact table, when the file has one (else the default's). */
  impact: { type?: "late" | "early_leave" | "wrong_activity" | "unscheduled"; scheduled?: string; actual?: string; impact: "positive" | "negative" | "neutral" }[] | null;
  /** Reasons whose time out of adherence is excused or neutral at once, by code and by category. */
  auto: { reasons: Record<string, "excused" | "neutral">; categories: Record<string, "excused" | "neutral"> };
}

/** Parses the file's JSON text; throws LabelsError listing every problem with its place in the file. */
export function parseLabels(json: string): ParsedLabels {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new LabelsError([`not valid JSON (${(err as Error).message})`]);
  }
  const parsed = file.safeParse(raw);
  if (!parsed.success) {
    throw new LabelsError(parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)));
  }
  const { reasons, activities, teams } = parsed.data;
  const ms = (b: Partial<Record<string, string>> | undefined) => Object.fromEntries(Object.entries(b ?? {}).map(([k, v]) => [k, parseDuration(v!)!]));
  const problems: string[] = [];
  const teamOf = new Map<string, string>();
  // Scopes compare team names without case (sameTeam): two such names would be one team to a
  // role or a link and two to everything else.
  const names = Object.keys(teams);
  for (const [i, a] of names.entries()) {
    const b = names.slice(0, i).find((n) => sameTeam(n, a));
    if (b !== undefined) problems.push(`teams: "${b}" and "${a}" differ only in case; give each team one name`);
  }
  for (const [team, ids] of Object.entries(teams)) {
    for (const id of ids) {
      const other = teamOf.get(id);
      if (other !== undefined && other !== team) problems.push(`teams: agent ${id} is in both "${other}" and "${team}"`);
      teamOf.set(id, team);
    }
  }
  const activityLabels: Record<string, ActivityLabel> = {};
  for (const [name, a] of Object.entries(activities)) {
    const k = activityKey(name);
    if (!k) problems.push(`activities.${name}: an activity name needs letters or digits`);
    else activityLabels[k] = { ...(a.label !== undefined && { label: a.label }), ...(a.tone !== undefined && { family: a.tone }), ...(a.color !== undefined && { color: a.color }) };
  }
  for (const team of Object.keys(parsed.data.teamRules)) {
    if (!(team in teams)) problems.push(`teamRules.${team}: no such team in "teams"`);
  }
  if (problems.length) throw new LabelsError(problems);
  const d = parsed.data;
  const hasBreaks = Object.keys(d.budgets).length + Object.keys(d.caps).length > 0 || Object.values(d.teamRules).some((r) => r.budgets || r.caps);
  const breaks = hasBreaks
    ? {
        budgets: ms(d.budgets),
        caps: { ...d.caps },
        teams: Object.fromEntries(Object.entries(d.teamRules).map(([t, r]) => [t, { ...(r.budgets && { budgets: ms(r.budgets) }), ...(r.caps && { caps: { ...r.caps } }) }])),
      }
    : undefined;

  const thresholds: ThresholdRule[] = [];
  const reasonLabels: Record<string, ReasonLabel> = {};
  for (const [code, r] of Object.entries(reasons)) {
    reasonLabels[code] = { label: r.label, category: r.category };
    if (r.warn !== undefined) thresholds.push({ state: "*", reasonCode: code, warnMs: parseDuration(r.warn)!, alertMs: parseDuration(r.alert!)! });
  }
  const floorRules: FlagRules = { ...DEFAULT_FLAG_RULES, ...flagRulesOf(d.flags, null) };
  const flags: FlagConfig = {
    rules: floorRules,
    teams: Object.fromEntries(Object.entries(d.teamRules).flatMap(([t, r]) => (r.flags ? [[t, flagRulesOf(r.flags, floorRules)]] : []))),
  };
  return { labels: { reasons: reasonLabels, activities: activityLabels, teamNames: Object.keys(teams), ...(breaks && { breaks }) }, teams: teamOf, thresholds, flags, grace: ms(d.grace), impact: d.impact ?? null, auto: autoOf(d.autoAdjust, reasons) };
}
