import "server-only";
import { checkBody } from "@/lib/auth/body-limit";
import { isCrossSite } from "@/lib/auth/origin";
import { errorResponse, route, type Answer } from "../http/http";
import { getRuntime } from "../runtime";
import { contentSecurityPolicy, withSecurityHeaders } from "../http/security-headers";

type Handler<C> = (req: Request, ctx: C) => Promise<Answer>;

/**
 * A route the proxy does not see (proxy.ts: `config.matcher`), so that its body is not copied
 * for the proxy before anyone has checked who sends it: the checks the proxy makes of every other
 * request, made here in the same order with the same answers (another site's request refused, a
 * body over the limit or without a length refused), and the same headers on every answer. The
 * handler checks the session itself (lib/server/serve/viewer.ts) before it reads a byte of the body.
 */
export function unproxied<C>(handler: Handler<C>): (req: Request, ctx: C) => Promise<Response> {
  const inner = route(handler);
  return async (req, ctx) => {
    const csp = contentSecurityPolicy(null, (await getRuntime()).config.frameAncestors);
    if (isCrossSite(req)) return withSecurityHeaders(errorResponse("cross_site", "Floorview takes changes only from its own pages.", { req }), csp);
    const body = checkBody(req.method, new URL(req.url).pathname, req.headers.get("content-length"), req.headers.has("transfer-encoding"));
    if (!body.ok) return withSecurityHeaders(errorResponse(body.code, body.message, { req }), csp);
    return withSecurityHeaders(await inner(req, ctx), csp);
  };
}
