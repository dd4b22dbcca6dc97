import type { IncomingMessage, ServerResponse } from "node:http";
import { RATE_LIMIT_MESSAGE, type RateLimit } from "./auth";
import { answerWithFault, FAULT_MODES, withBadRows, type Endpoint, type Fault, type Faults } from "./faults";
import { simEmail, type SimFloor } from "./floor";
import { sampleLabelsFor } from "./labels";
import { truthSegments } from "./truth";
import { keysOf, PLAIN, rosterIdOf, type Dialect } from "./dialect";
import { dialectEventTime, koreError, readJson, send, wireEventTime } from "./wire";

/** What the routes answer from: the floor, its faults and limits, and what was asked of it. */
export interface SimContext {
  floor: SimFloor;
  faults: Faults;
  rateLimit: RateLimit;
  checkJwt: (token: unknown) => Promise<string | null>;
  accountId: string;
  streamId: string;
  timeZone: string;
  /** How this tenant differs from Kore.ai's page (SIM_DIALECT). */
  dialect: Dialect;
  now: () => number;
  record(endpoint: Endpoint, status: number): void;
  stats(): unknown;
}

const KORE_PATH = /^\/agentassist\/api\/public\/analytics\/account\/([^/]+)\/(agentactivity|agents)\/?$/;

/** Kore.ai's two endpoints, as documented: the Agent Activity API and the Agents API. */
async function kore(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL, account: string, endpoint: Endpoint) {
  const f = ctx.faults.take(endpoint);
  if (f && answerWithFault(f, req, res, ctx.accountId)) {
    ctx.record(endpoint, f.mode === "timeout" || f.mode === "reset" ? 0 : res.statusCode);
    return;
  }
  const wait = ctx.rateLimit.take();
  if (wait > 0) {
    const status = ctx.dialect.rateLimitStatus;
    koreError(res, status, RATE_LIMIT_MESSAGE, status === 429 ? { "Retry-After": String(wait) } : {});
    return ctx.record(endpoint, status);
  }
  const authProblem = await ctx.checkJwt(req.headers.auth);
  if (authProblem) {
    koreError(res, 401, authProblem);
    return ctx.record(endpoint, 401);
  }
  if (req.headers.iid !== ctx.streamId) {
    koreError(res, 401, "Invalid iId: no such stream for this app");
    return ctx.record(endpoint, 401);
  }
  if (decodeURIComponent(account) !== ctx.accountId) {
    koreError(res, 404, "Account not found");
    return ctx.record(endpoint, 404);
  }
  if (endpoint === "agents") {
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const size = Number(url.searchParams.get("limit") ?? 50);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(size) || size < 1) {
      koreError(res, 400, "offset and limit must be non-negative integers");
      return ctx.record(endpoint, 400);
    }
    const d = ctx.dialect;
    const k = keysOf(d);
    const start = d.rosterOffset === "pages" ? offset * size : offset;
    const page = ctx.floor.agents.slice(start, start + size).map((a) => ({ accountId: ctx.accountId, [k.rosterAgent]: rosterIdOf(d, a.agentId), [k.first]: a.firstName, [k.last]: a.lastName, ...(a.firstName && { [k.email]: simEmail(a) }) }));
    send(res, 200, page);
    return ctx.record(endpoint, 200);
  }
  const from = Date.parse(url.searchParams.get("fromTimeStamp") ?? "");
  const to = Date.parse(url.searchParams.get("toTimeStamp") ?? "");
  if (Number.isNaN(from) || Number.isNaN(to) || from > to) {
    koreError(res, 400, "fromTimeStamp and toTimeStamp must be ISO-8601 timestamps, from before to");
    return ctx.record(endpoint, 400);
  }
  const d = ctx.dialect;
  const k = keysOf(d);
  let rows: unknown[] = ctx.floor.query(from, to, ctx.now()).map((e) => ({
    [k.agent]: e.agentId,
    [k.time]: d === PLAIN ? wireEventTime(e.time, ctx.timeZone) : dialectEventTime(e.time, ctx.timeZone, d),
    [k.activity]: e.activity,
    [k.reason]: e.reasonCode,
  }));
  if (f?.mode === "bad_rows") rows = withBadRows(rows);
  if (d.cap === null) {
    send(res, 200, { [k.account]: ctx.accountId, [k.updates]: rows });
  } else {
    // A capped answer, as Kore.ai's sibling WFM APIs page: skip/limit, hasMore, totalCount.
    const skip = d.honoursSkip ? Math.max(0, Number(url.searchParams.get("skip") ?? 0) || 0) : 0;
    const limit = Math.min(d.cap, Math.max(1, Number(url.searchParams.get("limit") ?? d.cap) || d.cap));
    const page = rows.slice(skip, skip + limit);
    send(res, 200, { [k.account]: ctx.accountId, [k.updates]: page, hasMore: skip + page.length < rows.length, totalCount: rows.length });
  }
  ctx.record(endpoint, 200);
}

interface InjectedEvent {
  agentId: string;
  time: string;
  activity: string;
  reasonCode?: string;
  delayMs?: number;
  releaseAt?: string;
}

/** `/__sim/*`: what tests use to steer the floor and to know the truth. */
async function control(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const path = url.pathname;
  if (path === "/__sim/health") return send(res, 200, { ok: true });
  if (path === "/__sim/stats" && req.method === "GET") return send(res, 200, ctx.stats());
  if (path === "/__sim/faults" && req.method === "DELETE") {
    ctx.faults.clear();
    return send(res, 200, { fault: null });
  }
  if (path === "/__sim/faults" && req.method === "POST") {
    const body = (await readJson(req)) as Partial<Fault> & { count?: number };
    if (!body.mode || !FAULT_MODES.has(body.mode)) return send(res, 400, { error: `mode must be one of ${[...FAULT_MODES].join(", ")}` });
    ctx.faults.set({ ...body, remaining: body.remaining ?? body.count, mode: body.mode });
    return send(res, 200, { fault: ctx.faults.current });
  }
  if (path === "/__sim/events" && req.method === "POST") {
    const body = (await readJson(req)) as { events?: InjectedEvent[] };
    const added = (body.events ?? []).map((e) => ctx.floor.inject({ ...e, time: Date.parse(e.time), releaseAt: e.releaseAt === undefined ? undefined : Date.parse(e.releaseAt) }));
    return send(res, 200, { added: added.length });
  }
  if (path === "/__sim/hold" && req.method === "POST") {
    // { agentIds: [...] }: these agents change from now on only by injected events.
    const body = (await readJson(req)) as { agentIds?: string[] };
    return send(res, 200, { held: ctx.floor.hold(body.agentIds ?? [], ctx.now()) });
  }
  if (path === "/__sim/late" && req.method === "POST") {
    const body = (await readJson(req)) as { count?: number; delayMs?: number };
    ctx.floor.delayNext(body.count ?? 10, body.delayMs ?? 60_000);
    return send(res, 200, { ok: true });
  }
  if (path === "/__sim/labels" && req.method === "GET") {
    // The labels config the embedded simulator hands Floorview, for a Floorview started apart (FLOORVIEW_LABELS_FILE).
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(sampleLabelsFor(ctx.floor.agents));
    return;
  }
  if (path === "/__sim/truth" && req.method === "GET") {
    // ?from=ISO: only events from then on (a reader that keeps 12 hours knows nothing older);
    // ?at=ISO: the floor as it was then (what was released by now of it).
    // Names too: a test compares a page with the roster and the states a perfect reader would show.
    const now = ctx.now();
    const from = Date.parse(url.searchParams.get("from") ?? "");
    const at = Date.parse(url.searchParams.get("at") ?? "");
    const names = new Map(ctx.floor.agents.map((a) => [a.agentId, `${a.firstName} ${a.lastName}`.trim() || null]));
    const agents = ctx.floor.truth(now, Number.isNaN(from) ? -Infinity : from, Number.isNaN(at) ? now : at).map((t) => ({ ...t, reasonCode: t.reasonCode || null, name: names.get(t.agentId) ?? null }));
    return send(res, 200, { now, agents, roster: ctx.floor.agents.map((a) => ({ agentId: a.agentId, name: names.get(a.agentId) ?? null })) });
  }
  if (path === "/__sim/segments" && req.method === "GET") {
    // ?agent=…&from=ISO&to=ISO&knownFrom=ISO[&liveEdge=ISO]
    const time = (name: string) => Date.parse(url.searchParams.get(name) ?? "");
    const agentId = url.searchParams.get("agent") ?? "";
    const [from, to, knownFrom] = [time("from"), time("to"), time("knownFrom")];
    const edge = url.searchParams.get("liveEdge");
    if ([from, to, knownFrom].some(Number.isNaN) || !agentId) return send(res, 400, { error: "agent, from, to and knownFrom are needed" });
    const now = ctx.now();
    const events = ctx.floor.query(knownFrom, edge === null ? to : now, now).filter((e) => e.agentId === agentId);
    const segments = truthSegments(events, { from, to, knownFrom, liveEdge: edge === null ? null : Date.parse(edge) });
    return send(res, 200, { segments: segments.map((s) => ({ ...s, start: new Date(s.start).toISOString(), end: s.end === null ? null : new Date(s.end).toISOString() })) });
  }
  send(res, 404, { error: "unknown simulator control path" });
}

export function route(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://simulator");
  if (url.pathname.startsWith("/__sim/")) return control(ctx, req, res, url);
  const m = KORE_PATH.exec(url.pathname);
  if (!m || req.method !== "GET") {
    koreError(res, 404, "Not found");
    return Promise.resolve();
  }
  return kore(ctx, req, res, url, m[1]!, m[2] === "agents" ? "agents" : "activity");
}
