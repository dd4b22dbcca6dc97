import { can } from "@/lib/auth/identity";
import { alertsAnswer } from "@/lib/server/serve/alerts-answer";
import { fail, route } from "@/lib/server/http/http";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** The alert rules in force, the channels (by name and type only) and the latest deliveries with their status and latency. Admins and supervisors. */
export const GET = route(async (req) => {
  const s = await servedPerson(req);
  if (!can.seeAlerts(s.identity)) fail("forbidden", "Only an admin or a supervisor may see the alerts.");
  return alertsAnswer(s.runtime.alerts, s.runtime.alertStore, s.scope);
});
