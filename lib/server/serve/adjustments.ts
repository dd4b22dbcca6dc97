import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { addAdherence, ADJUSTMENT_KINDS, EXCEPTION_TYPES, noAdherence, sumsPercent } from "@/lib/activity/adherence";
import { adjustmentHolds, type Adjustment, type AdjustmentScope } from "@/lib/activity/adjustments";
import type { AdjustmentJson, AdjustmentsAnswer } from "@/lib/api-types";
import { can } from "@/lib/auth/identity";
import { teamIn } from "@/lib/auth/scope";
import { clientOf } from "@/lib/auth/session";
import { fail } from "../http/http";
import { closed, flag, instant, many, one, queryOf, windowOf, type QueryContext, type WindowRule } from "../http/query";
import { adherenceReport } from "../reports/adherence";
import { reportAgents } from "../reports/reports";
import type { ServedPerson } from "./viewer";

/**
 * Adherence adjustments over HTTP (`/api/adherence/adjustments`): a supervisor excuses time
 * (`excused`: it counts as adherent) or makes it neutral (`neutral`: it counts neither way) for
 * some agents, some teams or the whole floor, over a span, with a reason category and a note;
 * lists them; revokes one. A team lead only within their own teams (never the whole floor); a
 * viewer not at all. Every make and revoke is audited with who, the scope, the span and the
 * adherence % of the agents it holds over the span passed so far, before and after. And an
 * exception confirmed as it stands (`/api/adherence/reviews`), or that word taken back, by the same
 * rule, audited too.
 */

const DAY = 86_400_000;
const MAX_SPAN_DAYS = 31;
/** Adherence is read for the audit's before and after for at most this long (the span's end, or now). */
const READ_WAIT_MS = 10_000;
/** Beyond this many agent-days, the audit's before and after are not read (two reads of a month of a large floor would hold a request for minutes). */
export const MAX_PERCENT_AGENT_DAYS = 5_000;

/** Whether the % before and after are read for `agents` over `ms` (else the audit says why not). */
export const percentWorthReading = (agents: number, ms: number): boolean => agents * Math.max(1, Math.ceil(ms / DAY)) <= MAX_PERCENT_AGENT_DAYS;

const ADJUST_WINDOW: WindowRule = {
  required: "Send from and to, ISO-8601 date-times with a zone, such as 2026-12-07T09:00:00Z.",
  maxMs: MAX_SPAN_DAYS * DAY,
  tooLong: (days) => `The span is ${days} days long; an adjustment covers at most ${MAX_SPAN_DAYS} days.`,
  wholeSeconds: true,
};

const names = z.array(z.string().trim().min(1).max(200)).min(1).max(5_000);

const Body = (cx: QueryContext) =>
  z
    .object({
      kind: z.enum(ADJUSTMENT_KINDS, { error: "kind must be excused (the time counts as adherent) or neutral (it counts neither way)." }),
      agents: names.optional(),
      teams: names.optional(),
      all: z.literal(true).optional(),
      from: z.string({ error: "Send from, an ISO-8601 date-time with a zone." }),
      to: z.string({ error: "Send to, an ISO-8601 date-time with a zone." }),
      category: z.string().trim().min(1).max(80).optional(),
      note: z.string({ error: "Send a note: why the time is excused or neutral." }).trim().min(1, "Send a note: why the time is excused or neutral.").max(1_000, "The note is longer than 1,000 characters."),
    })
    .strict()
    .transform((v, ctx) => {
      if ([v.agents, v.teams, v.all].filter((x) => x !== undefined).length !== 1) {
        ctx.addIssue("Send exactly one of agents (a list of agent ids), teams (a list of team names) or all: true.");
        return z.NEVER;
      }
      // The span by the one window rule: a zone in each end, from before to, at most 31 days.
      const span = windowOf({ from: v.from, to: v.to }, ADJUST_WINDOW, cx, ctx);
      return span ? { ...v, span: closed(span) } : z.NEVER;
    });

type BodyIn = { agents?: string[]; teams?: string[]; all?: true };

const scopeOf = (v: BodyIn): AdjustmentScope => (v.all ? { all: true } : v.teams ? { teams: [...new Set(v.teams)] } : { agents: [...new Set(v.agents!)] });

/** The person may make or revoke an adjustment of this scope: a role without team limits anything; a team lead only inside their teams. */
function mayAdjust(s: ServedPerson, scope: AdjustmentScope): string | null {
  const mine = s.scope.teams;
  if (mine === null) return null;
  if ("all" in scope) return `An adjustment for the whole floor needs a role without team limits; yours covers ${mine.join(", ") || "no team"}.`;
  if ("teams" in scope) {
    const other = scope.teams.find((t) => !teamIn(mine, t));
    return other === undefined ? null : `${other.slice(0, 80)} is not one of your teams (${mine.join(", ") || "none"}).`;
  }
  const other = scope.agents.find((id) => !teamIn(mine, s.runtime.teams.get(id) ?? null));
  return other === undefined ? null : `${other.slice(0, 80)} is not in your teams (${mine.join(", ") || "none"}).`;
}

/** It holds someone of these teams (the whole floor holds everyone). */
function touches(s: ServedPerson, scope: AdjustmentScope, teams: readonly string[]): boolean {
  if ("all" in scope) return true;
  if ("teams" in scope) return scope.teams.some((t) => teamIn(teams, t));
  return scope.agents.some((id) => teamIn(teams, s.runtime.teams.get(id) ?? null));
}

/** The person may see it: it holds someone in their teams (or they have no team limits). */
const maySee = (s: ServedPerson, scope: AdjustmentScope): boolean => s.scope.teams === null || touches(s, scope, s.scope.teams);

/** An adjustment as a person with team limits may see it: of its agents and teams, only theirs (never another team's agent ids). */
function asSeenBy(s: ServedPerson, a: Adjustment): Adjustment {
  const mine = s.scope.teams;
  if (mine === null || "all" in a.scope) return a;
  if ("teams" in a.scope) return { ...a, scope: { teams: a.scope.teams.filter((t) => teamIn(mine, t)) } };
  return { ...a, scope: { agents: a.scope.agents.filter((id) => teamIn(mine, s.runtime.teams.get(id) ?? null)) } };
}

function refuseViewer(s: ServedPerson): void {
  if (!can.adjustAdherence(s.identity)) fail("forbidden", "Your role (viewer) cannot see or make adherence adjustments.");
}

export const adjustmentJson = (a: Adjustment): AdjustmentJson => ({
  id: a.id,
  kind: a.kind,
  ...a.scope,
  from: new Date(a.start).toISOString(),
  to: new Date(a.end).toISOString(),
  category: a.category,
  note: a.note,
  createdAt: new Date(a.createdAt).toISOString(),
  createdBy: a.createdBy,
  revokedAt: a.revokedAt === null ? null : new Date(a.revokedAt).toISOString(),
  revokedBy: a.revokedBy,
});

/**
 * The adherence % of the agents an adjustment holds (those the person may see), over its span up
 * to now, as the reports page adds it up; null when nothing of the span is judged yet.
 */
async function percentOver(s: ServedPerson, scope: AdjustmentScope, from: number, to: number, now: number): Promise<{ percent: number | null; agents: number; skipped?: string }> {
  const until = Math.min(to, now);
  if (until <= from) return { percent: null, agents: 0 };
  const { poller, history, staleAfterMs, teams, schedules, vocabulary, adherenceRules } = s.runtime;
  const sources = { poller, history, staleAfterMs, teams };
  const agents = reportAgents(sources, { teams: [], agents: [] }, s.scope).agents.filter((a) => adjustmentHolds(scope, a.agentId, a.team));
  if (agents.length === 0) return { percent: null, agents: 0 };
  if (!percentWorthReading(agents.length, until - from)) return { percent: null, agents: agents.length, skipped: `not read: ${agents.length} agents over ${Math.ceil((until - from) / DAY)} days is more than ${MAX_PERCENT_AGENT_DAYS.toLocaleString("en")} agent-days` };
  const report = await adherenceReport({ ...sources, schedules }, vocabulary, adherenceRules, { from, to: until }, agents, new Set(), { now, deadline: now + READ_WAIT_MS });
  const sums = noAdherence();
  for (const a of report.agents) addAdherence(sums, a);
  return { percent: sumsPercent(sums), agents: report.agents.length };
}

/** `POST /api/adherence/adjustments`: made, audited with the % before and after; the live adherence reads it at once. */
export async function createAdjustment(s: ServedPerson, req: Request): Promise<AdjustmentJson> {
  refuseViewer(s);
  const now = Date.now();
  const parsed = Body({ now, retentionMs: null }).safeParse(await req.json().catch(() => null));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    fail("bad_request", first?.code === "invalid_type" && first.path.length === 0 ? 'Send JSON: { "kind": "excused" | "neutral", "agents": [...] | "teams": [...] | "all": true, "from": "…", "to": "…", "category": "…", "note": "…" }.' : (first?.message ?? "The adjustment cannot be read."));
  }
  const v = parsed.data;
  const { span } = v;
  const scope = scopeOf(v);
  const refused = mayAdjust(s, scope);
  if (refused) fail("forbidden", refused);
  if ("teams" in scope) {
    const unknown = scope.teams.find((t) => !teamIn(s.runtime.labels.teamNames, t));
    if (unknown !== undefined) fail("bad_request", `${unknown.slice(0, 80)} is not a team of the labels config (${s.runtime.labels.teamNames.join(", ") || "none"}).`);
  }
  const before = await percentOver(s, scope, span.from, span.to, now);
  const made: Adjustment = {
    id: randomBytes(9).toString("base64url"),
    kind: v.kind,
    scope,
    start: span.from,
    end: span.to,
    category: v.category ?? null,
    note: v.note,
    createdAt: now,
    createdBy: s.identity.name,
    createdBySub: s.identity.sub,
    revokedAt: null,
    revokedBy: null,
  };
  await s.runtime.schedules.adjustments.add(made);
  await s.runtime.liveAdherence.refresh(true);
  const after = await percentOver(s, scope, span.from, span.to, now);
  const { audit, config } = s.runtime;
  await audit.record(s.identity, "adherence_adjusted", { adjustment: made.id, kind: made.kind, ...scope, from: new Date(made.start).toISOString(), to: new Date(made.end).toISOString(), category: made.category, note: made.note.slice(0, 200), agentsHeld: after.agents, percentBefore: before.percent, percentAfter: after.percent, ...(after.skipped && { percentSkipped: after.skipped }) }, clientOf(req, config.auth.trustedProxies));
  return adjustmentJson(made);
}

const LIST_WINDOW: WindowRule = {
  defaults: (from, to, now) => ({ from: from ?? (to ?? now) - 7 * DAY, to: to ?? Math.max(now + 7 * DAY, (from ?? 0) + DAY) }),
  maxMs: 62 * DAY,
  tooLong: (days) => `The window is ${days} days long; adjustments are listed at most 62 days at a time.`,
};

const ListQuery = (now: number) =>
  z.object({ from: one, to: one, team: many, agent: many, revoked: flag }).transform((v, ctx) => {
    const w = windowOf(v, LIST_WINDOW, { now, retentionMs: null }, ctx);
    return w ? { ...closed(w), teams: v.team, agents: v.agent, revoked: v.revoked } : z.NEVER;
  });

/** `GET /api/adherence/adjustments?from&to[&team][&agent][&revoked=1]`: those overlapping the window (default: a week back and a week ahead) the person may see. */
export async function listAdjustments(s: ServedPerson, req: Request): Promise<AdjustmentsAnswer> {
  refuseViewer(s);
  const q = queryOf(req, ListQuery(Date.now()));
  const all = await s.runtime.schedules.adjustments.overlapping(q.from, q.to, q.revoked);
  const shown = all.filter((a) => {
    if (!maySee(s, a.scope)) return false;
    if (q.teams.length > 0 && !touches(s, a.scope, q.teams)) return false;
    if (q.agents.length > 0 && !q.agents.some((id) => adjustmentHolds(a.scope, id, s.runtime.teams.get(id) ?? null))) return false;
    return true;
  });
  return { from: new Date(q.from).toISOString(), to: new Date(q.to).toISOString(), adjustments: shown.map((a) => adjustmentJson(asSeenBy(s, a))) };
}

/** `DELETE /api/adherence/adjustments/{id}`: revoked (kept, marked), audited with the % before and after. */
export async function revokeAdjustment(s: ServedPerson, req: Request, id: string): Promise<{ revoked: string }> {
  refuseViewer(s);
  const now = Date.now();
  const found = await s.runtime.schedules.adjustments.get(id);
  if (!found || found.revokedAt !== null || !maySee(s, found.scope)) fail("not_found", "No adjustment in force with this id (or not one you may see).");
  const refused = mayAdjust(s, found.scope);
  if (refused) fail("forbidden", refused);
  const before = await percentOver(s, found.scope, found.start, found.end, now);
  if (!(await s.runtime.schedules.adjustments.revoke(id, s.identity.name, now))) fail("not_found", "No adjustment in force with this id (or not one you may see).");
  await s.runtime.liveAdherence.refresh(true);
  const after = await percentOver(s, found.scope, found.start, found.end, now);
  const { audit, config } = s.runtime;
  await audit.record(s.identity, "adherence_adjustment_revoked", { adjustment: id, kind: found.kind, ...found.scope, from: new Date(found.start).toISOString(), to: new Date(found.end).toISOString(), agentsHeld: after.agents, percentBefore: before.percent, percentAfter: after.percent, ...(after.skipped && { percentSkipped: after.skipped }) }, clientOf(req, config.auth.trustedProxies));
  return { revoked: id };
}

const ReviewBody =
  z
    .object({
      agentId: z.string({ error: "Send agentId: the agent whose exception it is." }).trim().min(1).max(200),
      type: z.enum(EXCEPTION_TYPES, { error: "type must be late, early_leave, wrong_activity or unscheduled." }),
      start: z.string({ error: "Send start: the exception's start as /api/adherence gives it." }),
      note: z.string().trim().max(1_000, "The note is longer than 1,000 characters.").optional(),
    })
    .strict()
    .transform((v, ctx) => {
      // An instant by the one rule (a zone in it), in whole seconds as exceptions are.
      const start = instant("start", v.start);
      return typeof start === "number" ? { ...v, start: Math.floor(start / 1000) * 1000 } : (ctx.addIssue(typeof start === "string" ? start : "Send start."), z.NEVER);
    });

/** The agent of a review, in the person's scope (as an adjustment for that agent would be). */
async function reviewOf(s: ServedPerson, req: Request) {
  refuseViewer(s);
  const parsed = ReviewBody.safeParse(await req.json().catch(() => null));
  if (!parsed.success) fail("bad_request", parsed.error.issues[0]?.message ?? 'Send JSON: { "agentId": "…", "type": "late", "start": "…", "note": "…" }.');
  const refused = mayAdjust(s, { agents: [parsed.data.agentId] });
  if (refused) fail("forbidden", refused);
  return parsed.data;
}

/** `POST /api/adherence/reviews`: an exception confirmed as it stands (no number changes; it leaves the open ones). Audited. */
export async function confirmException(s: ServedPerson, req: Request): Promise<{ confirmed: { agentId: string; type: string; start: string } }> {
  const v = await reviewOf(s, req);
  await s.runtime.schedules.adjustments.confirm({ agentId: v.agentId, type: v.type, start: v.start, note: v.note || null, createdAt: Date.now(), createdBy: s.identity.name, createdBySub: s.identity.sub });
  const confirmed = { agentId: v.agentId, type: v.type, start: new Date(v.start).toISOString() };
  const { audit, config } = s.runtime;
  await audit.record(s.identity, "adherence_exception_confirmed", { ...confirmed, note: v.note?.slice(0, 200) ?? null }, clientOf(req, config.auth.trustedProxies));
  return { confirmed };
}

/** `DELETE /api/adherence/reviews` (the same body): the confirmation taken back; 404 when there was none. Audited. */
export async function undoConfirmation(s: ServedPerson, req: Request): Promise<{ undone: { agentId: string; type: string; start: string } }> {
  const v = await reviewOf(s, req);
  if (!(await s.runtime.schedules.adjustments.unconfirm(v.agentId, v.type, v.start))) fail("not_found", "That exception is not confirmed.");
  const undone = { agentId: v.agentId, type: v.type, start: new Date(v.start).toISOString() };
  const { audit, config } = s.runtime;
  await audit.record(s.identity, "adherence_confirmation_undone", undone, clientOf(req, config.auth.trustedProxies));
  return { undone };
}
