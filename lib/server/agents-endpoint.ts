import "server-only";
import { errorResponse, NO_STORE, withErrors } from "./http";
import { gzipParts, ownGzip } from "./gzip-json";
import { getRuntime } from "./runtime";
import { asOfPrefix } from "./snapshot";
import type { PublishedSnapshot } from "./snapshot-publisher";

/**
 * `GET /api/agents`, whole: every agent's current state from memory (a request never costs an
 * upstream call), from the snapshot published on the last change (lib/server/snapshot-publisher.ts).
 * An unchanged snapshot answers 304 to its ETag; a client that accepts gzip gets the body
 * compressed once per change with its fresh `asOf` in front; other methods get 405; failures the
 * error shape, in the encoding next.config.js announced. The route file only names these.
 */

function streamOf(parts: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      const part = parts[i++];
      if (part) controller.enqueue(part);
      else controller.close();
    },
  });
}

/** The answer to a client that holds `ifNoneMatch`, at `now`, from `snapshot`. */
export function agentsAnswer(snapshot: PublishedSnapshot, now: number, opts: { gzip: boolean; ifNoneMatch: string | null }): Response {
  const headers: Record<string, string> = {
    ETag: snapshot.etag,
    "Cache-Control": NO_STORE,
    "X-Floorview-As-Of": new Date(now).toISOString(),
    Vary: "Accept-Encoding",
  };
  if (opts.ifNoneMatch?.split(",").some((t) => t.trim() === snapshot.etag)) return new Response(null, { status: 304, headers });
  const prefix = Buffer.from(asOfPrefix(now), "utf8");
  // Already gzip (next.config.js marks the answer so); no-transform keeps any other compression off it.
  const parts = opts.gzip ? gzipParts(prefix, snapshot.gzip) : [prefix, snapshot.tail];
  const length = parts.reduce((n, p) => n + p.length, 0);
  return new Response(streamOf(parts), {
    status: 200,
    headers: { ...headers, "Content-Type": "application/json; charset=utf-8", "Content-Length": String(length), ...(opts.gzip && { "Cache-Control": `${NO_STORE}, no-transform` }) },
  });
}

export const getAgents = withErrors(async (req: Request) => {
  const { snapshots } = await getRuntime();
  const snapshot = await snapshots.current();
  return agentsAnswer(snapshot, Date.now(), { gzip: ownGzip(req), ifNoneMatch: req.headers.get("if-none-match") });
});

/** Other methods: a clear 405 in the error shape. */
export async function agentsNotAllowed(req: Request): Promise<Response> {
  return errorResponse("method_not_allowed", "GET /api/agents is the only method here.", { req, headers: { Allow: "GET, HEAD" } });
}
