import { NextResponse } from "next/server";
import { z } from "zod";
import { can } from "@/lib/auth/identity";
import { clientOf } from "@/lib/auth/session";
import { errorResponse, NO_STORE, withErrors } from "@/lib/server/http";
import { servedPerson } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

const Body = z.union([z.strictObject({ channel: z.string().min(1).max(80) }), z.strictObject({ digest: z.string().min(1).max(80), team: z.string().min(1).max(80).nullable().optional() })]);

/**
 * Sends a test message to one channel (`{ "channel": "floor-slack" }`), or a digest now for one of
 * its teams (`{ "digest": "Daily digest", "team": "Billing" }`), through the same queue as alerts;
 * it shows in the log. Audited.
 */
export const POST = withErrors(async (req) => {
  const s = await servedPerson(req);
  if (s instanceof Response) return s;
  if (!can.seeAlerts(s.identity)) return errorResponse("forbidden", "Only an admin or a supervisor may send a test alert.");
  const engine = s.runtime.alerts;
  if (!engine) return errorResponse("not_found", "No alerts are configured (FLOORVIEW_ALERTS_FILE).");
  const parsed = Body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return errorResponse("bad_request", 'Send JSON: { "channel": "<a channel of the alerts config>" }, or { "digest": "<a digest>", "team": "<one of its teams>" }.');
  if ("digest" in parsed.data) {
    const { digest, team = null } = parsed.data;
    const d = engine.config.digests.find((x) => x.name === digest);
    if (!d) return errorResponse("bad_request", `No digest "${digest.slice(0, 80)}" in the alerts config.`);
    const chosen = engine.digestTeamFor(d, team, s.identity.teams);
    if (!chosen.ok) return errorResponse(chosen.code, chosen.message);
    const id = await engine.sendDigestTest(d.name, chosen.team, s.identity.name);
    await s.runtime.audit.record(s.identity, "alert_test_sent", { digest: d.name, team: chosen.team }, clientOf(req, s.runtime.config.auth.trustedProxies));
    return NextResponse.json({ id }, { status: 202, headers: { "Cache-Control": NO_STORE } });
  }
  const { channel } = parsed.data;
  if (!Object.hasOwn(engine.config.channels, channel)) return errorResponse("bad_request", `No channel "${channel.slice(0, 80)}" in the alerts config; one of ${Object.keys(engine.config.channels).join(", ")}.`);
  const id = await engine.sendTest(channel, s.identity.name);
  await s.runtime.audit.record(s.identity, "alert_test_sent", { channel }, clientOf(req, s.runtime.config.auth.trustedProxies));
  return NextResponse.json({ id }, { status: 202, headers: { "Cache-Control": NO_STORE } });
});
