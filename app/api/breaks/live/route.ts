import { liveBreaksIn } from "@/lib/server/serve/floor-now";
import { route } from "@/lib/server/http/http";
import { served } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/**
 * Break budgets and team caps now (the labels config's `budgets` and `caps`), in the viewer's
 * scope (a wallboard link's too): each agent's used time per category this shift, and each
 * capped team's count in the category now. Empty when none are configured (lib/server/serve/floor-now.ts).
 */
export const GET = route(async (req) => {
  const s = await served(req);
  return liveBreaksIn(s.runtime, s.scope, Date.now());
});
