import "server-only";
import { headers } from "next/headers";
import { accessOf, identityOf, scopeOfViewer, type Viewer } from "@/lib/auth/access";
import type { Identity } from "@/lib/auth/identity";
import type { Scope } from "@/lib/auth/scope";
import { errorResponse } from "./http";
import { getRuntime, type Runtime } from "./runtime";

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
