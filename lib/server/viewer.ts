import "server-only";
import { headers } from "next/headers";
import { accessOf, identityOf, loginOn, scopeOfViewer, type Viewer } from "@/lib/auth/access";
import { can, ROLE_NAMES, type Identity } from "@/lib/auth/identity";
import type { AgentNow, AgentSnapshot } from "@/lib/api-types";
import { asSeen, inScope, type Scope } from "@/lib/auth/scope";
import { errorResponse } from "./http";
import { getRuntime, type Runtime } from "./runtime";
import { agentSnapshot, isKnownAgent, upstreamSnapshot } from "./snapshot";

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

export async function served(req: Request): Promise<Served | Response> {
  const runtime = await getRuntime();
  const access = await accessOf(req, runtime.config.auth);
  if (!access.ok) return errorResponse("unauthorized", access.message ?? "Sign in to Floorview first.");
  return { runtime, viewer: access.viewer, identity: identityOf(access.viewer), scope: scopeOfViewer(access.viewer) };
}

const AGENT_ID = /^[^\u0000-\u001f\u007f]{1,200}$/;
const NO_SUCH_AGENT = "No agent with this id among those you may see (on the roster or in the activity feed).";

/**
 * The agent a route under `/api/agents/{agentId}` is about, as the viewer may see it: 400 for an
 * id no agent can have, 503 while the feed is still being read ("never seen" cannot be told from
 * "not read yet"), 404 for an agent nobody knows or outside the viewer's teams (the same answer).
 */
export function agentInView(s: Served, agentId: string): AgentSnapshot | Response {
  if (!AGENT_ID.test(agentId)) return errorResponse("bad_request", "The agent id is empty, too long or has control characters.");
  const { poller, teams } = s.runtime;
  if (!isKnownAgent(poller, agentId)) {
    if (!poller.health.backfilled || poller.rosterLoadedAt === null) {
      return errorResponse("starting", "Floorview is still reading the feed; try again in a few seconds.", { headers: { "Retry-After": "2" } });
    }
    return errorResponse("not_found", NO_SUCH_AGENT);
  }
  const agent = agentSnapshot(poller, agentId, teams);
  // The same words: the answer must not tell that an agent of another team exists.
  if (!inScope(agent, s.scope)) return errorResponse("not_found", NO_SUCH_AGENT);
  return agent;
}

/** One agent's current state as the viewer may see it (`GET /api/agents/{agentId}`, and the drill-down's first paint). */
export function agentNowOf(s: Served, agentId: string): AgentNow | Response {
  const agent = agentInView(s, agentId);
  if (agent instanceof Response) return agent;
  const now = Date.now();
  return { asOf: new Date(now).toISOString(), upstream: upstreamSnapshot(s.runtime.poller, now, s.runtime.staleAfterMs), agent: asSeen(agent, s.scope) };
}

/** As `served`, for routes only a person may use (not a link, not the metrics token). */
export async function servedPerson(req: Request): Promise<(Served & { identity: Identity }) | Response> {
  const s = await served(req);
  if (s instanceof Response) return s;
  if (!s.identity) return errorResponse("unauthorized", "Sign in to Floorview first.");
  return s as Served & { identity: Identity };
}

/** As `served`, for a page (a server component): the request's headers from Next.js. */
export async function servedPage(): Promise<Served | null> {
  const h = await headers();
  const runtime = await getRuntime();
  const access = await accessOf({ url: "http://floorview.invalid/", headers: h }, runtime.config.auth);
  if (!access.ok) return null;
  return { runtime, viewer: access.viewer, identity: identityOf(access.viewer), scope: scopeOfViewer(access.viewer) };
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
    { href: "/schedules", label: "Schedules" },
    { href: "/wallboard", label: "Wallboard" },
  ];
  // Admins (everyone while the login is off) hear when Kore.ai's answers fail a check.
  if (s.viewer.kind === "everyone" || (who !== null && can.readDiagnostics(who))) items.push({ href: "/connection", label: "Connection" });
  if (s.runtime.alerts && who && can.seeAlerts(who)) items.push({ href: "/alerts", label: "Alerts" });
  if (login && who) {
    if (can.makeLinks(who)) items.push({ href: "/links", label: "TV links" });
    if (can.readAudit(who)) items.push({ href: "/audit", label: "Audit" });
    items.push({ href: "/sessions", label: can.readAudit(who) ? "Signed in" : "My sessions" });
  }
  return { items, person: login && who ? { name: who.name, role: ROLE_NAMES[who.role], teams: who.teams } : null, signOut: login && who !== null };
}
