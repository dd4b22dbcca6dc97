import { NextResponse } from "next/server";
import { z } from "zod";
import { can } from "@/lib/auth/identity";
import { clientOf } from "@/lib/auth/session";
import { errorResponse, NO_STORE, withErrors } from "@/lib/server/http";
import { servedPerson } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

const Body = z.strictObject({ channel: z.string().min(1).max(80) });

/** Sends a test message to one channel (`{ "channel": "floor-slack" }`) through the same queue as alerts; it shows in the log. Audited. */
export const POST = withErrors(async (req) => {
  const s = await servedPerson(req);
  if (s instanceof Response) return s;
  if (!can.seeAlerts(s.identity)) return errorResponse("forbidden", "Only an admin or a supervisor may send a test alert.");
  const engine = s.runtime.alerts;
  if (!engine) return errorResponse("not_found", "No alerts are configured (FLOORVIEW_ALERTS_FILE).");
  const parsed = Body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return errorResponse("bad_request", 'Send JSON: { "channel": "<a channel of the alerts config>" }.');
  const { channel } = parsed.data;
  if (!(channel in engine.config.channels)) return errorResponse("bad_request", `No channel "${channel.slice(0, 80)}" in the alerts config; one of ${Object.keys(engine.config.channels).join(", ")}.`);
  const id = await engine.sendTest(channel, s.identity.name);
  await s.runtime.audit.record(s.identity, "alert_test_sent", { channel }, clientOf(req, s.runtime.config.auth.trustedProxies));
  return NextResponse.json({ id }, { status: 202, headers: { "Cache-Control": NO_STORE } });
});
