import { log } from "@/lib/log";
import { NO_STORE } from "@/lib/server/http";
import { getRuntime } from "@/lib/server/runtime";
import { encodedJson, servesOwnGzip } from "@/lib/server/gzip-json";
import { gzippedWithAsOf, withAsOf } from "@/lib/server/snapshot";

export const dynamic = "force-dynamic";

/**
 * Every agent's current state, served from memory: a request never costs an upstream call. The
 * body is serialised and compressed once per change, not once per request (5,000 agents are
 * about 1 MB of JSON); an unchanged snapshot answers 304.
 */
export async function GET(req: Request): Promise<Response> {
  try {
    const gzip = servesOwnGzip(req.method, new URL(req.url).pathname, req.headers.get("accept-encoding"));
    const { snapshots } = await getRuntime();
    const now = Date.now();
    const zipped = gzip ? await snapshots.gzipped(now) : null;
    const body = zipped?.body ?? snapshots.get(now);
    const headers = { ETag: body.etag, "Cache-Control": NO_STORE, "X-Floorview-As-Of": new Date(now).toISOString(), Vary: "Accept-Encoding" };
    const match = req.headers.get("if-none-match");
    if (match && match.split(",").some((t) => t.trim() === body.etag)) {
      return new Response(null, { status: 304, headers });
    }
    const json = { ...headers, "Content-Type": "application/json; charset=utf-8" };
    if (!zipped) return new Response(withAsOf(body.rest, now), { status: 200, headers: json });
    // Already gzip (next.config.js marks the response so); no-transform keeps Next's compression off it.
    return new Response(new Uint8Array(gzippedWithAsOf(zipped, Date.now())), { status: 200, headers: { ...json, "Cache-Control": `${NO_STORE}, no-transform` } });
  } catch (err) {
    return failed(req, err);
  }
}

/** Like every route's unexpected failure (withErrors), in this route's encoding. */
function failed(req: Request, err: unknown): Response {
  log.error("request failed", { path: "/api/agents", error: err instanceof Error ? err.message : String(err) });
  return encodedJson(req, 500, { error: { code: "internal_error", message: "Something went wrong on the Floorview server." } });
}

/** Other methods: a clear 405 in the error shape (next.config.js marks this path's answers gzip). */
function notAllowed(req: Request): Response {
  return encodedJson(req, 405, { error: { code: "method_not_allowed", message: "GET /api/agents is the only method here." } }, { Allow: "GET, HEAD" });
}

export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
