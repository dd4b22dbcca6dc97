import { liveFlagsIn } from "@/lib/server/serve/floor-now";
import { route } from "@/lib/server/http/http";
import { served } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/**
 * Behaviour flags now, in the viewer's scope (a wallboard link's too): each agent's flags raised
 * since its shift (or the floor's day) began, active or cleared. Agents with none are left out
 * (lib/server/serve/floor-now.ts).
 */
export const GET = route(async (req) => {
  const s = await served(req);
  return liveFlagsIn(s.runtime, s.scope, Date.now());
});
