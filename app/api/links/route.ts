import { NextResponse } from "next/server";
import { NO_STORE, withErrors } from "@/lib/server/http";
import { servedPerson } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

/** `{ links: [...] }`: the unexpired wallboard links the signed-in person manages, revoked ones marked. */
export const GET = withErrors(async (req) => {
  const s = await servedPerson(req);
  if (s instanceof Response) return s;
  return NextResponse.json({ links: await s.runtime.links.list(s.identity) }, { headers: { "Cache-Control": NO_STORE } });
});
