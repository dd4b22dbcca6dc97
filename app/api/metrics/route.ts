import { accessOf } from "@/lib/auth/access";
import { errorResponse, NO_STORE, withErrors } from "@/lib/server/http";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/**
 * Prometheus text format (docs/deploy.md lists the metrics). The door (proxy.ts) asks for
 * FLOORVIEW_METRICS_TOKEN as a bearer token when it is set; asked again here, so the route holds
 * its rule wherever it is served from.
 */
export const GET = withErrors(async (req) => {
  const { metrics, config } = await getRuntime();
  const access = await accessOf(req, config.auth);
  if (!access.ok) return errorResponse("unauthorized", access.message ?? "Not allowed.");
  const { body, contentType } = await metrics.text();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": NO_STORE } });
});
