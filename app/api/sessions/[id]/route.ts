import { clientOf } from "@/lib/auth/session";
import { fail, route } from "@/lib/server/http/http";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** Ends one session (an admin's any, anyone else's their own): its next request is signed out. Audited. */
export const DELETE = route<{ params: Promise<{ id: string }> }>(async (req, { params }) => {
  const s = await servedPerson(req);
  const { id } = await params;
  const ended = await s.runtime.sessions.end(id, s.identity);
  if (!ended) fail("not_found", "No such session in force (or not one you may end).");
  const { config, audit } = s.runtime;
  await audit.record(s.identity, "session_ended", { session: id, of: ended.sub, name: ended.name }, clientOf(req, config.auth.trustedProxies));
  return { ended: ended.id };
});
