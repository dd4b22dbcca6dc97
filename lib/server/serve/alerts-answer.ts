import "server-only";
import type { AlertDelivery, AlertsAnswer } from "@/lib/api-types";
import { nextDigestTime } from "@/lib/alerts/digest";
import type { Message } from "@/lib/alerts/messages";
import { inScope, teamIn, type Scope } from "@/lib/auth/scope";
import type { AlertStore } from "@/lib/store/alert-store";
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
    // About an agent: the scope's own rule; about a team (a cap): that team; about neither: everyone's.
    const visible = o.agentId !== null ? inScope({ agentId: o.agentId, name: o.name, team: o.team }, scope) : o.team === null || scope.teams === null || teamIn(scope.teams, o.team);
    if (!visible) continue;
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
  };
}

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
