import "server-only";

/**
 * Cross-site request forgery: a form or a script on another site can make a signed-in browser
 * POST to Floorview (sign it out, make a wallboard link). State-changing requests are accepted
 * only from Floorview's own pages: the browser's `Sec-Fetch-Site` says where a request comes from
 * (every current browser sends it); without it, `Origin` must name this host. A request with
 * neither is not a browser's (a script with its own credentials, curl) and is let through.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface OriginRequest {
  method: string;
  url: string;
  headers: { get(name: string): string | null };
}

/** True when a browser on another site sent this state-changing request. */
export function isCrossSite(req: OriginRequest): boolean {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return false;
  const site = req.headers.get("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  const origin = req.headers.get("origin");
  if (!origin) return false;
  if (origin === "null") return true;
  try {
    // Behind a reverse proxy the browser's host is the proxy's: X-Forwarded-Host when it sets one.
    const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host") || new URL(req.url).host;
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/**
 * An export is a read that writes the audit trail: a link or a redirect on another site must not
 * make a signed-in browser write it (the session cookie goes along on a top-level navigation).
 * True when the browser says the request came from another site (`Sec-Fetch-Site`); a person
 * typing the address (`none`), Floorview's own pages and a script without the header are let through.
 */
export function isCrossSiteExport(req: { headers: { get(name: string): string | null } }): boolean {
  const site = req.headers.get("sec-fetch-site");
  return site !== null && site !== "same-origin" && site !== "none";
}
