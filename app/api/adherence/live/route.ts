import { liveAdherenceIn } from "@/lib/server/serve/floor-now";
import { route } from "@/lib/server/http/http";
import { served } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/**
 * Adherence now of every agent with a schedule within a day of now, in the viewer's scope (a
 * wallboard link's too): what is scheduled, in or out since when, the exception, what is next.
 * From memory; computed at most once a second whoever asks (lib/server/serve/floor-now.ts).
 */
export const GET = route(async (req) => {
  const s = await served(req);
  return liveAdherenceIn(s.runtime, s.scope, Date.now());
});
