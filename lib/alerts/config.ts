import "server-only";
import { z } from "zod";
import { FLAG_RULES, type FlagRule } from "@/lib/activity/flags";
import { parseDuration } from "@/lib/states/thresholds";
import { isValidTimeZone } from "@/lib/time/zone";
import { EXCEPTION_TYPES } from "@/lib/activity/adherence";

/**
 * The alerts config: which conditions reach whom, on which channels. JSON at the path in
 * `FLOORVIEW_ALERTS_FILE`, validated at start like the labels config (every problem named with its
 * place). A secret (a channel's URL, a webhook's signing secret, the SMTP address with its
 * password) may be written as `env:NAME` to be read from the server's environment instead. Pure:
 * reading the file and the environment is the server's.
 *
 *   {
 *     "channels": {
 *       "floor-slack": { "type": "slack", "url": "env:SLACK_WEBHOOK_URL" },
 *       "leads-teams": { "type": "teams", "url": "env:TEAMS_WEBHOOK_URL" },
 *       "ops-hook":    { "type": "webhook", "url": "https://ops.example.com/floorview", "secret": "env:OPS_HOOK_SECRET" },
 *       "supervisors": { "type": "email", "to": ["floor-supervisors@example.com"] }
 *     },
 *     "smtp": { "url": "env:SMTP_URL", "from": "Floorview <floorview@example.com>" },
 *     "rules": [
 *       { "name": "Past alert", "when": { "threshold": "alert" }, "channels": ["floor-slack", "supervisors"], "cooldown": "15m" },
 *       { "name": "Billing late", "when": { "adherence": ["late"] }, "teams": ["Billing"], "channels": ["leads-teams"],
 *         "quiet": { "from": "22:00", "to": "07:00", "zone": "Europe/Berlin" } },
 *       { "name": "Kore.ai down", "when": { "upstream": "5m" }, "channels": ["ops-hook"] },
 *       { "name": "Short-staffed", "when": { "understaffed": { "by": 2, "intervals": 2, "interval": "15m" } }, "channels": ["leads-teams"] }
 *     ],
 *     "digests": [
 *       { "name": "Daily digest", "at": "07:00", "zone": "Europe/Berlin", "channels": ["supervisors"] },
 *       { "name": "Shift digest", "at": ["06:00", "14:00", "22:00"], "zone": "Europe/Berlin", "teams": ["Billing"], "channels": ["leads-teams"] }
 *     ]
 *   }
 *
 * A digest goes to each of its teams (every team in the labels config without `teams`) at each
 * of its times in its zone, and covers the time since the one before (with one time: the 24
 * hours before it), so a day's digests cover it once, without a gap or an overlap.
 */

const CHANNEL_TYPES = ["webhook", "slack", "teams", "email"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];
const ADHERENCE_EXCEPTIONS = EXCEPTION_TYPES;
const BREAK_CONDITIONS = ["budget", "cap"] as const;

export type Secret = { value: string } | { env: string };

export type ChannelConfig =
  | { type: "webhook"; url: Secret; secret: Secret }
  | { type: "slack"; url: Secret }
  | { type: "teams"; url: Secret }
  | { type: "email"; to: string[] };

/** Each kind of condition a rule may listen for, and what it says of it. */
export interface ConditionFields {
  threshold: { level: "warn" | "alert" };
  adherence: { types: (typeof ADHERENCE_EXCEPTIONS)[number][] };
  breaks: { types: (typeof BREAK_CONDITIONS)[number][] };
  flags: { rules: FlagRule[] };
  upstream: { afterMs: number };
  store: { afterMs: number };
  /** A team's intervals short of what it needs: `diff` (actual − required, else scheduled) at most −`by` for `intervals` completed intervals in a row. */
  understaffed: { by: number; intervals: number; interval: StaffingInterval };
}

export const STAFFING_INTERVALS = ["15m", "30m", "1h"] as const;
export type StaffingInterval = (typeof STAFFING_INTERVALS)[number];

export type ConditionKind = keyof ConditionFields;

/**
 * What a rule listens for: one of the kinds (`Condition<"flags">` for one). Written as a map, so
 * that a table with one entry per kind (`CONDITION_KINDS`, conditions.ts) is typed for each kind
 * and called without a cast.
 */
export type Condition<K extends ConditionKind = ConditionKind> = { [P in K]: { kind: P } & ConditionFields[P] }[K];

export interface QuietHours {
  /** Minutes after midnight in `zone`; `from` > `to` spans midnight. */
  from: number;
  to: number;
  zone: string;
}

export interface AlertRule {
  name: string;
  when: Condition;
  /** Team names (null: every team); agent ids (null: every agent). */
  teams: string[] | null;
  agents: string[] | null;
  channels: string[];
  cooldownMs: number;
  quiet: QuietHours | null;
  /** Send a follow-up when the condition ends, on channels that show one. */
  resolved: boolean;
}

export interface DigestConfig {
  name: string;
  /** When it is sent: minutes after midnight in `zone`, in order. */
  at: number[];
  zone: string;
  /** A digest for each of these teams (null: every team in the labels config). */
  teams: string[] | null;
  channels: string[];
}

export interface AlertsConfig {
  channels: Record<string, ChannelConfig>;
  smtp: { url: Secret; from: string } | null;
  rules: AlertRule[];
  digests: DigestConfig[];
}

const duration = z
  .string()
  .refine((s) => parseDuration(s) !== null, "must be a number with s, m or h, such as 90s, 10m or 1h")
  .refine((s) => (parseDuration(s) ?? 0) <= 7 * 86_400_000, "must be at most 7 days (168h)");
// Names go into messages, e-mail subjects and the audit trail: one line of text.
const name = z.string().trim().min(1, "must not be empty").max(80, "must be at most 80 characters").refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "must not hold control characters");
const secret = z
  .string()
  .min(1, "must not be empty")
  .transform((s): Secret => (s.startsWith("env:") ? { env: s.slice(4) } : { value: s }))
  .refine((s) => !("env" in s) || /^[A-Z_][A-Z0-9_]*$/.test(s.env), "env: must name an environment variable such as env:SLACK_WEBHOOK_URL");
/** A webhook's signing key: 16 characters at least (e.g. `openssl rand -hex 16`), or from the environment. */
const hookSecret = secret.refine((s) => "env" in s || s.value.length >= 16, "must be at least 16 characters (e.g. openssl rand -hex 16), or env:NAME");
const url = secret.refine((s) => "env" in s || /^https?:\/\/[^\s]+$/i.test(s.value), "must be an http(s) URL, or env:NAME");
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time of day such as 22:00");
const zone = z.string().refine(isValidTimeZone, "must be an IANA time zone such as Europe/Berlin");

const channel = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("webhook"), url, secret: hookSecret }),
  z.strictObject({ type: z.literal("slack"), url }),
  z.strictObject({ type: z.literal("teams"), url }),
  z.strictObject({ type: z.literal("email"), to: z.array(z.email("must be an e-mail address")).min(1, "name at least one address") }),
], { error: `type must be one of ${CHANNEL_TYPES.join(", ")}` });

const when = z
  .strictObject({
    threshold: z.enum(["warn", "alert"], { error: "must be warn or alert" }).optional(),
    adherence: z.array(z.enum(ADHERENCE_EXCEPTIONS, { error: `must be one of ${ADHERENCE_EXCEPTIONS.join(", ")}` })).min(1).optional(),
    breaks: z.array(z.enum(BREAK_CONDITIONS, { error: `must be one of ${BREAK_CONDITIONS.join(", ")}` })).min(1).optional(),
    flags: z.array(z.enum(FLAG_RULES, { error: `must be one of ${FLAG_RULES.join(", ")}` })).min(1).optional(),
    upstream: duration.optional(),
    store: duration.optional(),
    understaffed: z
      .strictObject({
        by: z.number({ error: "must be a number of agents, such as 2" }).positive("must be more than 0").max(100_000, "must be at most 100000"),
        intervals: z.int({ error: "must be a whole number of intervals, such as 2" }).min(1, "must be at least 1").max(16, "must be at most 16").default(2),
        interval: z.enum(STAFFING_INTERVALS, { error: `must be one of ${STAFFING_INTERVALS.join(", ")}` }).default("15m"),
      })
      .optional(),
  })
  .refine((w) => Object.values(w).filter((v) => v !== undefined).length === 1, "give exactly one of threshold, adherence, breaks, flags, upstream, store, understaffed");

const rule = z.strictObject({
  name,
  when,
  teams: z.array(name).min(1).optional(),
  agents: z.array(z.string().trim().min(1)).min(1).optional(),
  channels: z.array(name).min(1, "name at least one channel"),
  cooldown: duration.default("10m"),
  quiet: z.strictObject({ from: clock, to: clock, zone }).optional(),
  resolved: z.boolean().default(true),
});

const digest = z.strictObject({
  name,
  at: z.union([clock, z.array(clock).min(1, "give at least one time").max(24, "at most 24 times a day")]),
  zone,
  teams: z.array(name).min(1).optional(),
  channels: z.array(name).min(1, "name at least one channel"),
});

const file = z.strictObject({
  $schema: z.string().optional(),
  channels: z.record(name, channel),
  smtp: z.strictObject({ url: secret, from: z.string().min(3, "must be an address such as Floorview <floorview@example.com>") }).optional(),
  rules: z.array(rule),
  digests: z.array(digest).default([]),
});

export class AlertsConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
    this.name = "AlertsConfigError";
  }
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Parses the file's JSON text; throws AlertsConfigError listing every problem with its place in the file. */
export function parseAlertsConfig(json: string, teamNames: readonly string[]): AlertsConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new AlertsConfigError([`not valid JSON (${(err as Error).message})`]);
  }
  const parsed = file.safeParse(raw);
  if (!parsed.success) throw new AlertsConfigError(parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)));
  const d = parsed.data;
  const problems: string[] = [];
  const known = new Set(teamNames.map((t) => t.toLowerCase()));
  d.rules.forEach((r, i) => {
    for (const c of r.channels) if (!Object.hasOwn(d.channels, c)) problems.push(`rules.${i}.channels: no channel "${c}" in "channels"`);
    for (const t of r.teams ?? []) if (!known.has(t.toLowerCase())) problems.push(`rules.${i}.teams: no team "${t}" in the labels config`);
  });
  const digestNames = new Set<string>();
  d.digests.forEach((g, i) => {
    for (const c of g.channels) if (!Object.hasOwn(d.channels, c)) problems.push(`digests.${i}.channels: no channel "${c}" in "channels"`);
    for (const t of g.teams ?? []) if (!known.has(t.toLowerCase())) problems.push(`digests.${i}.teams: no team "${t}" in the labels config`);
    if (digestNames.has(g.name.toLowerCase())) problems.push(`digests.${i}.name: another digest is called "${g.name}"`);
    digestNames.add(g.name.toLowerCase());
  });
  if (!d.smtp && Object.values(d.channels).some((c) => c.type === "email")) problems.push(`smtp: an email channel needs "smtp": { "url", "from" }`);
  if (problems.length) throw new AlertsConfigError(problems);
  const condition = (w: z.infer<typeof when>): Condition => {
    if (w.threshold) return { kind: "threshold", level: w.threshold };
    if (w.adherence) return { kind: "adherence", types: w.adherence };
    if (w.breaks) return { kind: "breaks", types: w.breaks };
    if (w.flags) return { kind: "flags", rules: w.flags };
    if (w.upstream) return { kind: "upstream", afterMs: parseDuration(w.upstream)! };
    if (w.understaffed) return { kind: "understaffed", ...w.understaffed };
    return { kind: "store", afterMs: parseDuration(w.store!)! };
  };
  return {
    channels: d.channels as Record<string, ChannelConfig>,
    smtp: d.smtp ?? null,
    rules: d.rules.map((r) => ({
      name: r.name,
      when: condition(r.when),
      teams: r.teams ?? null,
      agents: r.agents ?? null,
      channels: r.channels,
      cooldownMs: parseDuration(r.cooldown)!,
      quiet: r.quiet ? { from: minutes(r.quiet.from), to: minutes(r.quiet.to), zone: r.quiet.zone } : null,
      resolved: r.resolved,
    })),
    digests: d.digests.map((g) => ({
      name: g.name,
      at: [...new Set([g.at].flat().map(minutes))].sort((a, b) => a - b),
      zone: g.zone,
      teams: g.teams ?? null,
      channels: g.channels,
    })),
  };
}

/** A secret's value: as written, or from the environment; null when the variable is not set. */
export function secretValue(s: Secret, env: Readonly<Record<string, string | undefined>>): string | null {
  return "value" in s ? s.value : (env[s.env] ?? null);
}

/** True when `at` falls in the quiet hours (in their zone). */
export function isQuiet(q: QuietHours | null, at: number): boolean {
  if (!q) return false;
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: q.zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const minute = Number(parts.find((p) => p.type === "hour")!.value) * 60 + Number(parts.find((p) => p.type === "minute")!.value);
  return q.from <= q.to ? minute >= q.from && minute < q.to : minute >= q.from || minute < q.to;
}
