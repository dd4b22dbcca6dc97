import "server-only";

/**
 * How large a request body Floorview reads: sign-in and the other auth routes take a few fields
 * (8 KB), a schedule upload (`POST /api/schedules`: a week of a large floor is some 15 MB of CSV)
 * at most 32 MB, everything else at most 1 MB. Checked from `Content-Length` before anything is read
 * (by Floorview's launcher, and by proxy.ts under `next dev`); a body without a length (chunked) is
 * refused on every path, since its size cannot be known before reading it.
 */
export const AUTH_BODY_LIMIT = 8 * 1024;
export const BODY_LIMIT = 1024 * 1024;
export const SCHEDULE_BODY_LIMIT = 32 * 1024 * 1024;

export type BodyVerdict = { ok: true } | { ok: false; status: 411 | 413; code: "length_required" | "payload_too_large"; message: string };

export function checkBody(method: string, path: string, contentLength: string | null, chunked: boolean): BodyVerdict {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return { ok: true };
  const auth = path.startsWith("/api/auth/");
  const limit = auth ? AUTH_BODY_LIMIT : path === "/api/schedules" ? SCHEDULE_BODY_LIMIT : BODY_LIMIT;
  const length = contentLength === null ? null : Number(contentLength);
  if (length !== null && Number.isFinite(length) && length > limit) {
    return { ok: false, status: 413, code: "payload_too_large", message: `The body is larger than ${limit / 1024} KB, the most ${auth ? "a sign-in route" : path === "/api/schedules" ? "a schedule upload" : "Floorview"} reads.` };
  }
  // A body without a length cannot be refused by its size before it is read: on no path (it could
  // also pass the proxy's buffer and reach its route cut short).
  if (chunked && length === null) return { ok: false, status: 411, code: "length_required", message: "Send the body with a Content-Length." };
  return { ok: true };
}
