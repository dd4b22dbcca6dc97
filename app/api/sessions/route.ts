import { z } from "zod";
import type { SessionsAnswer } from "@/lib/api-types";
import { clientOf } from "@/lib/auth/session";
import { route } from "@/lib/server/http/http";
import { one, queryOf } from "@/lib/server/http/query";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** Who is signed in: an admin sees every session, anyone else their own. `{ sessions }`, newest first. */
export const GET = route(async (req) => {
  const s = await servedPerson(req);
  const current = s.viewer.kind === "session" ? s.viewer.session.sid : null;
  return { sessions: await s.runtime.sessions.list({ ...s.identity, sid: current }) } satisfies SessionsAnswer;
});

const EndQuery = z.object({ sub: one });

/**
 * Ends every session of one person (`?sub=`): an admin's for anyone, anyone else's for
 * themselves ("sign out everywhere"). Their next request, on any instance, within a second, is
 * signed out. Audited. `{ ended }`.
 */
export const DELETE = route(async (req) => {
  const s = await servedPerson(req);
  const sub = queryOf(req, EndQuery).sub ?? s.identity.sub;
  const ended = await s.runtime.sessions.endEveryOf(sub, s.identity);
  await s.runtime.audit.record(s.identity, "sessions_ended", { of: sub.slice(0, 200), ended }, clientOf(req, s.runtime.config.auth.trustedProxies));
  return { ended };
});
