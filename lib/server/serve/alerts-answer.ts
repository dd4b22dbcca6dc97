import "server-only";
import type { AcknowledgedAnswer, AlertAcknowledgement, AlertDelivery, AlertsAnswer, OpenAlert } from "@/lib/api-types";
import { nextDigestTime } from "@/lib/alerts/digest";
import type { Message, Occurrence } from "@/lib/alerts/messages";
import { inScope, teamIn, type Scope } from "@/lib/auth/scope";
import type { Acknowledgement, AlertStore, StoredOccurrence } from "@/lib/store/alert-store";
import { z } from "zod";
import { can } from "@/lib/auth/identity";
import { clientOf } from "@/lib/auth/session";
import { describeCondition } from "@/lib/alerts/conditions";
import type { AlertEngine } from "../alerts/alerts";
import { fail } from "../http/http";
import { bodyOf } from "../http/query";
import type { ServedPerson } from "./viewer";

const pad = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/**
 * `/api/alerts`: the rules, the channels by name and type (their addresses and secrets never
 * leave the server) and the latest deliveries; a viewer with teams sees the deliveries about their
 * teams and those about no agent (Kore.ai, the store, tests).
 */
export async function alertsAnswer(engine: AlertEngine | null, store: AlertStore, scope: Scope, limit = 200, now = Date.now()): Promise<AlertsAnswer> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const config = engine?.config ?? null;
  const deliveries: AlertDelivery[] = [];
  for (const d of await store.recent(limit * 2)) {
    const m = JSON.parse(d.message) as Message;
    const o = m.occurrence;
    if (!isVisible(o, scope)) continue;
    deliveries.push({
      id: d.key,
      rule: d.rule,
      channel: d.channel,
      phase: d.phase,
      status: d.status,
      attempts: d.attempts,
      title: o.title,
      agentId: o.agentId,
      team: o.team,
      path: o.path,
      createdAt: iso(d.createdAt)!,
      sentAt: iso(d.sentAt),
      latencyMs: d.sentAt === null ? null : d.sentAt - d.createdAt,
      nextAt: d.status === "pending" && d.attempts > 0 ? iso(d.nextAt) : null,
      lastError: d.lastError,
    });
    if (deliveries.length >= limit) break;
  }
  return {
    configured: config !== null,
    rules: (config?.rules ?? []).map((r) => ({
      name: r.name,
      when: describeCondition(r.when),
      teams: r.teams,
      agents: r.agents,
      channels: r.channels,
      cooldownSeconds: r.cooldownMs / 1000,
      quiet: r.quiet && `${pad(r.quiet.from)}–${pad(r.quiet.to)} ${r.quiet.zone}`,
      resolved: r.resolved,
    })),
    channels: Object.entries(config?.channels ?? {}).map(([name, c]) => ({ name, type: c.type })),
    // A team lead sees the digests that cover one of their teams.
    digests: (config?.digests ?? [])
      .filter((d) => scope.teams === null || d.teams === null || d.teams.some((t) => teamIn(scope.teams!, t)))
      .map((d) => ({
        name: d.name,
        at: d.at.map(pad),
        zone: d.zone,
        teams: d.teams,
        // Whom it goes to, as the viewer may see: each team's name, or null for the whole floor.
        for: engine!.digestTeams(d).filter((t) => t === null || scope.teams === null || teamIn(scope.teams, t)),
        channels: d.channels,
        next: iso(nextDigestTime(d, now))!,
      })),
    deliveries,
    open: await openAlerts(store, scope),
  };
}

/** About an agent: the scope's own rule; about a team (a cap): that team; about neither: everyone's. */
const isVisible = (o: Occurrence, scope: Scope) => (o.agentId !== null ? inScope({ agentId: o.agentId, name: o.name, team: o.team }, scope) : o.team === null || scope.teams === null || teamIn(scope.teams, o.team));

const TestBody = z.union([z.strictObject({ channel: z.string().min(1).max(80) }), z.strictObject({ digest: z.string().min(1).max(80), team: z.string().min(1).max(80).nullable().optional() })]);

/**
 * `POST /api/alerts/test`: a test message to one channel, or a digest now for one of its teams
 * (the one asked for, or the person's own when they have one), through the same queue as alerts.
 * Admins and supervisors; audited. The queued message's id.
 */
export async function sendAlertTest(s: ServedPerson, req: Request): Promise<{ id: string }> {
  if (!can.seeAlerts(s.identity)) fail("forbidden", "Only an admin or a supervisor may send a test alert.");
  const engine = s.runtime.alerts ?? fail("not_found", "No alerts are configured (FLOORVIEW_ALERTS_FILE).");
  const body = await bodyOf(req, TestBody, 'Send JSON: { "channel": "<a channel of the alerts config>" }, or { "digest": "<a digest>", "team": "<one of its teams>" }.');
  const client = clientOf(req, s.runtime.config.auth.trustedProxies);
  if ("digest" in body) {
    const d = engine.config.digests.find((x) => x.name === body.digest) ?? fail("bad_request", `No digest "${body.digest.slice(0, 80)}" in the alerts config.`);
    const chosen = engine.digestTeamFor(d, body.team ?? null, s.identity.teams);
    if (!chosen.ok) fail(chosen.code, chosen.message);
    const id = await engine.sendDigestTest(d.name, chosen.team, s.identity.name);
    await s.runtime.audit.record(s.identity, "alert_test_sent", { digest: d.name, team: chosen.team }, client);
    return { id };
  }
  const { channel } = body;
  if (!Object.hasOwn(engine.config.channels, channel)) fail("bad_request", `No channel "${channel.slice(0, 80)}" in the alerts config; one of ${Object.keys(engine.config.channels).join(", ")}.`);
  const id = await engine.sendTest(channel, s.identity.name);
  await s.runtime.audit.record(s.identity, "alert_test_sent", { channel }, client);
  return { id };
}

const AckBody = z.strictObject({
  key: z.string().min(1).max(2_000),
  note: z.string().trim().min(1).max(500),
  until: z.string().max(40).nullable().optional(),
});
const UndoBody = z.strictObject({ key: z.string().min(1).max(2_000) });
const MAX_ACK_MS = 24 * 3_600_000;

/** The occurrence of a key, if the person may see it (as its deliveries: the scope's rule). */
async function visibleOccurrence(s: ServedPerson, key: string) {
  const stored = await s.runtime.alertStore.occurrence(key);
  if (!stored) return null;
  const o = JSON.parse(stored.payload) as Occurrence;
  return isVisible(o, s.scope) ? { stored, o } : null;
}

/**
 * `POST /api/alerts/acknowledgements { key, note, until? }`: someone is on an open alert. While it
 * holds (until `until`, or until the alert ends), nothing about the rule and its subject is sent,
 * and the grid and the wallboard mark it; when it runs out and the alert still holds, it is raised
 * once more. Admins and supervisors; audited.
 */
export async function acknowledgeAlert(s: ServedPerson, req: Request): Promise<OpenAlert> {
  if (!can.seeAlerts(s.identity)) fail("forbidden", "Only an admin or a supervisor may acknowledge an alert.");
  const body = await bodyOf(req, AckBody, 'Send JSON: { "key": "<an open alert\'s key>", "note": "I\'m on it", "until": "<an ISO-8601 time, or null: until it ends>" }.');
  const now = Date.now();
  const until = body.until ? Date.parse(body.until) : null;
  if (until !== null && (Number.isNaN(until) || !/(Z|[+-]\d{2}:\d{2})$/.test(body.until!))) fail("bad_request", "until must be an ISO-8601 time with a zone, such as 2026-12-07T15:00:00Z.");
  if (until !== null && (until <= now || until - now > MAX_ACK_MS)) fail("bad_request", "until must be in the next 24 hours.");
  const found = await visibleOccurrence(s, body.key);
  if (!found || found.stored.resolvedAt !== null) fail("not_found", "No open alert with that key (it may have ended).");
  const ack = { at: now, by: s.identity.name, note: body.note, until };
  if (!(await s.runtime.alertStore.acknowledge(body.key, ack))) fail("not_found", "The alert ended meanwhile.");
  await s.runtime.audit.record(s.identity, "alert_acknowledged", { key: body.key, rule: found.stored.rule, subject: found.stored.subject, note: body.note.slice(0, 200), until: until === null ? null : new Date(until).toISOString() }, clientOf(req, s.runtime.config.auth.trustedProxies));
  return openAlertJson({ ...found.stored, ack, reraisedAt: null }, found.o);
}

/** `DELETE /api/alerts/acknowledgements { key }`: the acknowledgement taken back (the alert is as before); audited. */
export async function undoAcknowledgement(s: ServedPerson, req: Request): Promise<{ key: string; undone: AlertAcknowledgement }> {
  if (!can.seeAlerts(s.identity)) fail("forbidden", "Only an admin or a supervisor may take an acknowledgement back.");
  const { key } = await bodyOf(req, UndoBody, 'Send JSON: { "key": "<the alert\'s key>" }.');
  if (!(await visibleOccurrence(s, key))) fail("not_found", "No alert with that key.");
  const undone = await s.runtime.alertStore.unacknowledge(key);
  if (!undone) fail("not_found", "That alert is not acknowledged.");
  await s.runtime.audit.record(s.identity, "alert_acknowledgement_undone", { key, by: undone.by, note: undone.note.slice(0, 200) }, clientOf(req, s.runtime.config.auth.trustedProxies));
  return { key, undone: ackJson(undone)! };
}

/** `GET /api/alerts/acknowledged`: each agent with an open alert someone is on now, in the person's scope. */
export async function acknowledgedNow(s: ServedPerson, now = Date.now()): Promise<AcknowledgedAnswer> {
  const agents: AcknowledgedAnswer["agents"] = {};
  for (const o of await s.runtime.alertStore.openOccurrences()) {
    if (!o.ack || (o.ack.until !== null && o.ack.until <= now)) continue;
    const occurrence = JSON.parse(o.payload) as Occurrence;
    if (occurrence.agentId === null || !isVisible(occurrence, s.scope)) continue;
    agents[occurrence.agentId] = { ...ackJson(o.ack)!, rule: o.rule, title: occurrence.title };
  }
  return { agents };
}

const ackJson = (a: Acknowledgement | null | undefined): AlertAcknowledgement | null => (a ? { by: a.by, at: new Date(a.at).toISOString(), note: a.note, until: a.until === null ? null : new Date(a.until).toISOString() } : null);

function openAlertJson(o: StoredOccurrence, occurrence: Occurrence): OpenAlert {
  return {
    key: o.key,
    rule: o.rule,
    status: o.status as OpenAlert["status"],
    title: occurrence.title,
    detail: occurrence.detail,
    agentId: occurrence.agentId,
    team: occurrence.team,
    path: occurrence.path,
    since: new Date(occurrence.since).toISOString(),
    raisedAt: new Date(o.raisedAt).toISOString(),
    acknowledged: ackJson(o.ack),
    reraisedAt: o.reraisedAt ? new Date(o.reraisedAt).toISOString() : null,
  };
}

/** The open occurrences the person may see, newest first (at most `limit`). */
export async function openAlerts(store: AlertStore, scope: Scope, limit = 500): Promise<OpenAlert[]> {
  const out: OpenAlert[] = [];
  for (const o of (await store.openOccurrences()).sort((a, b) => b.raisedAt - a.raisedAt)) {
    if (o.status === "digest") continue;
    const occurrence = JSON.parse(o.payload) as Occurrence;
    if (isVisible(occurrence, scope)) out.push(openAlertJson(o, occurrence));
    if (out.length >= limit) break;
  }
  return out;
}
