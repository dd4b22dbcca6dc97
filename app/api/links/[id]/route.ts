import { clientOf } from "@/lib/auth/session";
import { fail, route } from "@/lib/server/http/http";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** Revokes one wallboard link: every TV showing it stops at its next poll. `{ link }`. */
export const DELETE = route<{ params: Promise<{ id: string }> }>(async (req, { params }) => {
  const s = await servedPerson(req);
  const { id } = await params;
  const done = await s.runtime.links.revoke(id.slice(0, 100), s.identity);
  if (!done.ok) fail(done.status, done.message);
  await s.runtime.audit.record(s.identity, "link_revoked", { link: id, scope: done.link.scope }, clientOf(req, s.runtime.config.auth.trustedProxies));
  return { link: done.link };
});
