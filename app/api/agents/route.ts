import { NO_STORE, withErrors } from "@/lib/server/http";
import { getRuntime } from "@/lib/server/runtime";
import { withAsOf } from "@/lib/server/snapshot";

export const dynamic = "force-dynamic";

/** Every agent's current state, served from memory: a request never costs an upstream call. */
export const GET = withErrors(async (req) => {
  const { snapshots } = await getRuntime();
  const now = Date.now();
  const { etag, rest } = snapshots.get(now);
  const headers = { ETag: etag, "Cache-Control": NO_STORE, "X-Floorview-As-Of": new Date(now).toISOString() };
  const match = req.headers.get("if-none-match");
  if (match && match.split(",").some((t) => t.trim() === etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(withAsOf(rest, now), { status: 200, headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
});
