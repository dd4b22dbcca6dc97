import { mayReadDetails } from "@/lib/auth/access";
import { healthAnswer } from "@/lib/server/serve/health";
import { route } from "@/lib/server/http/http";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/**
 * 200 while Floorview itself serves; how Kore.ai is doing is under `upstream`. With a login, the
 * details need a session or the metrics token: anyone else (a load balancer) gets `{ status }`.
 */
export const GET = route(async (req) => {
  const runtime = await getRuntime();
  if (!(await mayReadDetails(req, runtime.config.auth))) return { status: "ok" };
  return healthAnswer(runtime);
});
