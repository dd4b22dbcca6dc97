import { NextResponse } from "next/server";
import type { SessionsAnswer } from "@/lib/api-types";
import { clientOf } from "@/lib/auth/session";
import { errorResponse, NO_STORE, withErrors } from "@/lib/server/http";
import { servedPerson } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

/** Who is signed in: an admin sees every session, anyone else their own. `{ sessions }`, newest first. */
export const GET = withErrors(async (req) => {
  const s = await servedPerson(req);
  if (s instanceof Response) return s;
  const current = s.viewer.kind === "session" ? s.viewer.session.sid : null;
  const body: SessionsAnswer = { sessions: await s.runtime.sessions.list({ ...s.identity, sid: current }) };
  return NextResponse.json(body, { headers: { "Cache-Control": NO_STORE } });
});

/**
 * Ends every session of one person (`?sub=`): an admin's for anyone, anyone else's for
 * themselves ("sign out everywhere"). Their next request, on any instance, within a second, is
 * signed out. Audited. `{ ended }`.
 */
export const DELETE = withErrors(async (req) => {
  const s = await servedPerson(req);
  if (s instanceof Response) return s;
  const sub = new URL(req.url).searchParams.get("sub") ?? s.identity.sub;
  if (s.identity.via === "password" && sub === s.identity.sub) {
    return errorResponse("bad_request", "The shared password is one identity for everyone who has it: it cannot be signed out everywhere (that would sign out the floor). Sign out here, or change AUTH_SECRET to end every session.");
  }
  const ended = await s.runtime.sessions.endAllOf(sub, s.identity);
  if (ended === null) return errorResponse("not_found", "No sessions of that person among those you may end.");
  const { config, audit } = s.runtime;
  await audit.record(s.identity, "sessions_ended", { of: sub.slice(0, 200), ended }, clientOf(req, config.auth.trustedProxies));
  return NextResponse.json({ ended }, { headers: { "Cache-Control": NO_STORE } });
});
