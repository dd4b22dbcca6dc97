import { route } from "@/lib/server/http/http";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** `{ links: [...] }`: the unexpired wallboard links the signed-in person manages, revoked ones marked. */
export const GET = route(async (req) => {
  const s = await servedPerson(req);
  return { links: await s.runtime.links.list(s.identity) };
});
