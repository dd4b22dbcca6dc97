import { NextResponse } from "next/server";
import { can } from "@/lib/auth/identity";
import { alertsAnswer } from "@/lib/server/alerts-answer";
import { errorResponse, NO_STORE, withErrors } from "@/lib/server/http";
import { servedPerson } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

/** The alert rules in force, the channels (by name and type only) and the latest deliveries with their status and latency. Admins and supervisors. */
export const GET = withErrors(async (req) => {
  const s = await servedPerson(req);
  if (s instanceof Response) return s;
  if (!can.seeAlerts(s.identity)) return errorResponse("forbidden", "Only an admin or a supervisor may see the alerts.");
  const body = await alertsAnswer(s.runtime.alerts, s.runtime.alertStore, s.scope);
  return NextResponse.json(body, { headers: { "Cache-Control": NO_STORE } });
});
