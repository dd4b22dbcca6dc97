import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import type { ApiErrorBody } from "@/lib/api-types";
import { accessOf, scopeOfViewer, type RequestLike, type Viewer } from "@/lib/auth/access";
import { log } from "@/lib/log";
import { API_ERRORS, isApiError, NO_STORE, type ApiErrorCode } from "../http/http";
import { gzipParts, ownGzip } from "../http/gzip-json";
import { getRuntime, type Runtime } from "../runtime";
import { contentSecurityPolicy } from "../http/security-headers";
import { asOfPrefix } from "../feed/snapshot";
import type { PublishedSnapshot } from "../live/snapshot-publisher";
import { personOf } from "../reports/heavy-reads";
import { agentsAt } from "./agents-at";

/**
 * `/api/agents`, whole, in one module: every agent's current state from memory (a request never
 * costs an upstream call), from the snapshot published on the last change
 * (lib/server/live/snapshot-publisher.ts). The door (lib/auth/access.ts) and the security headers;
 * the viewer's scope (a team lead's teams, a wallboard link's agents, initials under privacy);
 * 304 to the ETag; gzip made of the shared compressed part and a fresh `asOf`; 405 for other
 * methods; failures in the error shape, in the same encoding.
 *
 * Hundreds of screens poll it every few seconds, so it is answered two ways with the same answer:
 * - Floorview's launcher (scripts/floorview-server.mjs, what `npm start` and the Docker image run)
 *   hands GET and HEAD of this path straight to `serveAgents`, before Next.js: a pass through
 *   Next's proxy and route machinery costs more than the answer itself, and leaves objects behind
 *   that make every full garbage collection longer (docs/benchmarks.md);
 * - anywhere else (`next dev`, `node server.js` without the launcher, other methods), the route
 *   app/api/agents/route.ts calls `getAgents`.
 */

/** What an answer needs of a request, from a web Request or from Node's IncomingMessage. */
interface AgentsRequest extends RequestLike {
  method: string;
  /** The client's address as the socket has it (the launcher's way), for the metrics' browser count. */
  address?: string;
}

export interface AgentsAnswer {
  status: number;
  headers: Record<string, string>;
  /** Sent as they are, in order: shared buffers are never copied. */
  body: Uint8Array[];
}

/** The answer to a client that holds `ifNoneMatch`, at `now`, from `snapshot`. */
export function snapshotAnswer(snapshot: PublishedSnapshot, now: number, opts: { gzip: boolean; ifNoneMatch: string | null }): AgentsAnswer {
  const headers: Record<string, string> = {
    ETag: snapshot.etag,
    "Cache-Control": NO_STORE,
    "X-Floorview-As-Of": new Date(now).toISOString(),
    Vary: "Accept-Encoding",
  };
  if (opts.ifNoneMatch?.split(",").some((t) => t.trim() === snapshot.etag)) return { status: 304, headers, body: [] };
  const prefix = Buffer.from(asOfPrefix(now), "utf8");
  const body = opts.gzip ? gzipParts(prefix, snapshot.gzip) : [prefix, snapshot.tail];
  return { status: 200, headers: { ...headers, "Content-Type": "application/json; charset=utf-8", ...(opts.gzip && { "Content-Encoding": "gzip", "Cache-Control": `${NO_STORE}, no-transform` }) }, body };
}

/** `?at=`: the floor at a past instant, made for this request (never cached: it is asked once, not polled). */
async function historicalAnswer(runtime: HistoricalRuntime, viewer: Viewer, req: AgentsRequest, at: string, gzip: boolean): Promise<AgentsAnswer> {
  // A read of the store for every agent: a heavy read, one at a time per person (lib/server/reports/heavy-reads.ts).
  const release = await runtime.heavyReads.acquire(personOf({ viewer, runtime }, req));
  if (!release) return errorAnswer("busy", "Another read of yours (or too many in all) is being made just now: try again in a few seconds.", gzip, { "Retry-After": "5" });
  try {
    const text = Buffer.from(JSON.stringify(await agentsAt(runtime, scopeOfViewer(viewer), at, Date.now())), "utf8");
    const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": NO_STORE, Vary: "Accept-Encoding" };
    if (!gzip) return { status: 200, headers, body: [text] };
    return { status: 200, headers: { ...headers, "Content-Encoding": "gzip", "Cache-Control": `${NO_STORE}, no-transform` }, body: [gzipSync(text)] };
  } catch (err) {
    if (isApiError(err)) return errorAnswer(err.code, err.message, gzip, err.extras.headers);
    throw err;
  } finally {
    release();
  }
}

type HistoricalRuntime = Pick<Runtime, "poller" | "history" | "staleAfterMs" | "teams" | "config" | "heavyReads">;

function errorAnswer(code: ApiErrorCode, message: string, gzip: boolean, headers: Record<string, string> = {}): AgentsAnswer {
  const text = Buffer.from(JSON.stringify({ error: { code, message } } satisfies ApiErrorBody), "utf8");
  return {
    status: API_ERRORS[code],
    headers: { ...headers, "Content-Type": "application/json; charset=utf-8", "Cache-Control": NO_STORE, ...(gzip && { "Content-Encoding": "gzip" }) },
    // Small, rare: compressed on the spot.
    body: [gzip ? gzipSync(text) : text],
  };
}

async function answer(runtime: Pick<Runtime, "snapshots" | "scopedSnapshots" | "metrics"> & HistoricalRuntime, req: AgentsRequest, gzip: boolean): Promise<AgentsAnswer> {
  const { config, snapshots, scopedSnapshots, metrics } = runtime;
  let result: AgentsAnswer;
  try {
    const access = await accessOf(req, config.auth);
    if (!access.ok) result = errorAnswer("unauthorized", "Sign in to Floorview first (POST /api/auth/login), or open a wallboard link that is still valid.", gzip);
    else if (req.method !== "GET" && req.method !== "HEAD") result = errorAnswer("method_not_allowed", "GET /api/agents is the only method here.", gzip, { Allow: "GET, HEAD" });
    else {
      // The floor at a past instant: read for this request, in the same scope.
      const at = new URL(req.url, "http://localhost").searchParams.get("at");
      if (at !== null) return finish(await historicalAnswer(runtime, access.viewer, req, at, gzip), config);
      // A screen that polls is one let in: a stranger's requests count for nothing (nor can they
      // fill the count until it is cleared).
      metrics.sawBrowser(req.address ?? req.headers.get("x-forwarded-for") ?? "", req.headers.get("user-agent") ?? "");
      // A team lead, a wallboard link: only their part of the floor leaves the server.
      const snapshot = await scopedSnapshots.of(await snapshots.current(), scopeOfViewer(access.viewer));
      result = snapshotAnswer(snapshot, Date.now(), { gzip, ifNoneMatch: req.headers.get("if-none-match") });
    }
  } catch (err) {
    log.error("request failed", { path: "/api/agents", error: err instanceof Error ? err.message : String(err) });
    result = errorAnswer("internal_error", "Something went wrong on the Floorview server.", gzip);
  }
  return finish(result, config);
}

/** What proxy.ts and next.config.js give every other answer. */
function finish(result: AgentsAnswer, config: Runtime["config"]): AgentsAnswer {
  result.headers["Content-Security-Policy"] = contentSecurityPolicy(null, config.frameAncestors);
  result.headers["X-Content-Type-Options"] = "nosniff";
  result.headers["Referrer-Policy"] = "same-origin";
  return result;
}

/** The route's way (app/api/agents/route.ts). */
export async function getAgents(req: Request): Promise<Response> {
  const a = await answer(await getRuntime(), req, ownGzip(req));
  const length = a.body.reduce((n, b) => n + b.length, 0);
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const part = a.body[i++];
      if (part) controller.enqueue(part);
      else controller.close();
    },
  });
  return new Response(a.status === 304 || req.method === "HEAD" ? null : stream, { status: a.status, headers: { ...a.headers, ...(a.status !== 304 && { "Content-Length": String(length) }) } });
}

/** The launcher's way: Node's request and response, no web objects. */
export async function serveAgents(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = {
    get: (name: string) => {
      const value = req.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
  const gzip = /\bgzip\b/.test(headers.get("accept-encoding") ?? "");
  const a = await answer(await getRuntime(), { url: `http://localhost${req.url ?? "/"}`, method: req.method ?? "GET", headers, address: req.socket.remoteAddress }, gzip);
  res.statusCode = a.status;
  for (const [name, value] of Object.entries(a.headers)) res.setHeader(name, value);
  if (a.status !== 304) res.setHeader("Content-Length", String(a.body.reduce((n, b) => n + b.length, 0)));
  if (req.method !== "HEAD") for (const part of a.body) res.write(part);
  res.end();
}

/** Where the launcher finds `serveAgents` (it runs outside Next's bundles). */
const FAST_PATH = Symbol.for("floorview.serveAgents");

/** Called once the server runs (instrumentation.ts): from now on the launcher may answer this path itself. */
export function offerFastPath(): void {
  (globalThis as { [FAST_PATH]?: typeof serveAgents })[FAST_PATH] = serveAgents;
}
