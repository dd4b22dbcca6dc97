import "server-only";
import { headers } from "next/headers";
import { accessOf, identityOf, loginOn, scopeOfViewer, type Viewer } from "@/lib/auth/access";
import { can, ROLE_NAMES, type Identity } from "@/lib/auth/identity";
import type { AgentNow, AgentSnapshot } from "@/lib/api-types";
import { asSeen, describeScope, inScope, teamIn, type Scope } from "@/lib/auth/scope";
import { isCrossSiteExport } from "@/lib/auth/origin";
import { clientOf } from "@/lib/auth/session";
import { fail } from "../http/http";
import { getRuntime, type Runtime } from "../runtime";
import { agentSnapshot, isKnownAgent, upstreamSnapshot } from "../feed/snapshot";

/**
 * Who a route handler serves, and what they may see: the door's answer for this request (the
 * proxy has already let it in; this reads the same cookies again, as routes cannot be handed
 * the proxy's result). Routes that carry agents cut their answer to `scope`.
 */
export interface Served {
  runtime: Runtime;
  viewer: Viewer;
  /** The person signed in (without a login: anyone, as a supervisor); null for a link or a token. */
  identity: Identity | null;
  scope: Scope;
}

/** Who this request is, or a 401 thrown (the route's wrapper answers it). */
export async function served(req: Request): Promise<Served> {
  const runtime = await getRuntime();
  const access = await accessOf(req, runtime.config.auth);
  if (!access.ok) fail("unauthorized", access.message ?? "Sign in to Floorview first.");
  return { runtime, viewer: access.viewer, identity: identityOf(access.viewer), scope: scopeOfViewer(access.viewer) };
}

const AGENT_ID = /^[^\u0000-\u001f\u007f]{1,200}$/;
const NO_SUCH_AGENT = "No agent with this id among those you may see (on the roster or in the activity feed).";

/**
 * The agent a route under `/api/agents/{agentId}` is about, as the viewer may see it: 400 for an
 * id no agent can have, 503 while the feed is still being read ("never seen" cannot be told from
 * "not read yet"), 404 for an agent nobody knows or outside the viewer's teams (the same answer).
 */
export function agentInView(s: Served, agentId: string): AgentSnapshot {
  if (!AGENT_ID.test(agentId)) fail("bad_request", "The agent id is empty, too long or has control characters.");
  const { poller, teams } = s.runtime;
  if (!isKnownAgent(poller, agentId)) {
    if (!poller.health.backfilled || poller.rosterLoadedAt === null) {
      fail("starting", "Floorview is still reading the feed; try again in a few seconds.", { headers: { "Retry-After": "2" } });
    }
    fail("not_found", NO_SUCH_AGENT);
  }
  const agent = agentSnapshot(poller, agentId, teams);
  // The same words: the answer must not tell that an agent of another team exists.
  if (!inScope(agent, s.scope)) fail("not_found", NO_SUCH_AGENT);
  return agent;
}

/** One agent's current state as the viewer may see it (`GET /api/agents/{agentId}`, and the drill-down's first paint). */
export function agentNowOf(s: Served, agentId: string): AgentNow {
  const agent = agentInView(s, agentId);
  const now = Date.now();
  return { asOf: new Date(now).toISOString(), upstream: upstreamSnapshot(s.runtime.poller, now, s.runtime.staleAfterMs), agent: asSeen(agent, s.scope) };
}

/** As `served`, for routes only a person may use (not a link, not the metrics token). */
export async function servedPerson(req: Request): Promise<ServedPerson> {
  const s = await served(req);
  if (!s.identity) fail("unauthorized", "Sign in to Floorview first.");
  return s as ServedPerson;
}

export type ServedPerson = Served & { identity: Identity };

/**
 * An export (a CSV of reports, schedules, the audit trail) this person may make from here:
 * refused to a role without exports and to another site's page (a link there must not download
 * the floor with the person's cookie).
 */
export function mayExport(s: ServedPerson, req: Request, what: string): void {
  if (!can.export(s.identity)) fail("forbidden", `Your role (viewer) can read ${what} but not export them.`);
  if (isCrossSiteExport(req)) fail("cross_site", "An export opens only from Floorview's own pages (or by its address typed in, or a script).");
}

/** An export made, in the audit trail: who, what, how many rows, the scope and the view asked for. */
export function auditExport(s: ServedPerson, req: Request, what: string, rows: number): Promise<void> {
  const { audit, config } = s.runtime;
  return audit.record(s.identity, "export", { what, rows, scope: describeScope(s.scope), view: new URL(req.url).search.slice(1, 500) }, clientOf(req, config.auth.trustedProxies));
}

/** As `served`, for a page (a server component): the request's headers from Next.js. */
export async function servedPage(): Promise<Served | null> {
  const h = await headers();
  const runtime = await getRuntime();
  const access = await accessOf({ url: "http://floorview.invalid/", headers: h }, runtime.config.auth);
  if (!access.ok) return null;
  return { runtime, viewer: access.viewer, identity: identityOf(access.viewer), scope: scopeOfViewer(access.viewer) };
}

/**
 * Who may read the connection's diagnostics (`/api/diagnostics`, the Connection page, the grid's
 * banner, the nav's link): an admin, everyone while the login is off, or a script with the
 * metrics token.
 */
export function mayReadDiagnostics(s: Served): boolean {
  return s.viewer.kind === "everyone" || s.viewer.kind === "metrics" || (s.identity !== null && can.readDiagnostics(s.identity));
}

/** The labels config's teams this viewer may pick (a team lead's or a viewer's own; everyone's otherwise), in its order. */
export function teamNamesOf(s: Served): string[] {
  const { teamNames } = s.runtime.labels;
  const own = s.identity?.teams;
  return own ? teamNames.filter((t) => teamIn(own, t)) : [...teamNames];
}

export interface NavItem {
  href: string;
  label: string;
}

/** Every page's navigation: the pages this viewer may open, in one order, and who is signed in. */
export interface PageNav {
  items: NavItem[];
  person: { name: string; role: string; teams: readonly string[] | null } | null;
  /** A person signed in with the login on: a way out. */
  signOut: boolean;
}

/**
 * The pages a viewer may open, one list for every page (the grid, reports, schedules, alerts, TV
 * links, the audit trail, sessions, the connection): the same links in the same places wherever
 * one stands, and none to a page the role may not open.
 */
export function pageNav(s: Served): PageNav {
  const login = loginOn(s.runtime.config.auth);
  const who = s.identity;
  const items: NavItem[] = [
    { href: "/", label: "Live grid" },
    { href: "/reports", label: "Reports" },
    { href: "/intraday", label: "Intraday" },
    { href: "/schedules", label: "Schedules" },
    { href: "/wallboard", label: "Wallboard" },
  ];
  // Admins (everyone while the login is off) hear when Kore.ai's answers fail a check.
  if (mayReadDiagnostics(s)) items.push({ href: "/connection", label: "Connection" });
  if (s.runtime.alerts && who && can.seeAlerts(who)) items.push({ href: "/alerts", label: "Alerts" });
  if (login && who) {
    if (can.makeLinks(who)) items.push({ href: "/links", label: "TV links" });
    if (can.readAudit(who)) items.push({ href: "/audit", label: "Audit" });
    items.push({ href: "/sessions", label: can.readAudit(who) ? "Signed in" : "My sessions" });
  }
  return { items, person: login && who ? { name: who.name, role: ROLE_NAMES[who.role], teams: who.teams } : null, signOut: login && who !== null };
}
