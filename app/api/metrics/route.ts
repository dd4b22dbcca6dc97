import { NO_STORE, route } from "@/lib/server/http/http";
import { served } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/**
 * Prometheus text format (docs/deploy.md lists the metrics). The door (proxy.ts) asks for
 * FLOORVIEW_METRICS_TOKEN as a bearer token when it is set; asked again here, so the route holds
 * its rule wherever it is served from.
 */
export const GET = route(async (req) => {
  const { body, contentType } = await (await served(req)).runtime.metrics.text();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": NO_STORE } });
});
