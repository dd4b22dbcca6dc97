import { z } from "zod";
import { activityKey, ASSIGNABLE_FAMILIES } from "./family";
import { REASON_CATEGORIES, type ActivityLabel, type Labels, type ReasonLabel } from "./labels";
import { parseDuration, type ThresholdRule } from "./thresholds";

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
 *     "teamRules":  { "Billing": { "budgets": { "break": "20m" }, "caps": { "break": 2 } } }
 *   }
 *
 * `budgets`: time allowed per reason category per shift (the scheduled work span when there is a
 * schedule, else the agent's day); `caps`: how many agents of one team may be in a category at
 * once; `teamRules`: a team's own, over the defaults.
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

const file = z.strictObject({
  $schema: z.string().optional(),
  reasons: z.record(z.string().trim().min(1, "a reason code must not be empty"), reason).default({}),
  activities: z.record(z.string().trim().min(1), activity).default({}),
  teams: z.record(text("a team name"), z.array(z.string().trim().min(1, "an agent id must not be empty"), { error: "must be a list of agent ids" })).default({}),
  budgets: budgets.default({}),
  caps: caps.default({}),
  teamRules: z.record(text("a team name"), z.strictObject({ budgets: budgets.optional(), caps: caps.optional() })).default({}),
});

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
  const hasBreaks = Object.keys(d.budgets).length + Object.keys(d.caps).length + Object.keys(d.teamRules).length > 0;
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
  return { labels: { reasons: reasonLabels, activities: activityLabels, teamNames: Object.keys(teams), ...(breaks && { breaks }) }, teams: teamOf, thresholds };
}
