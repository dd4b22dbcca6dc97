import "server-only";
import { checkBody } from "@/lib/auth/body-limit";
import { isCrossSite } from "@/lib/auth/origin";
import { errorResponse, withErrors } from "./http";
import { getRuntime } from "./runtime";
import { contentSecurityPolicy, withSecurityHeaders } from "./security-headers";

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

/**
 * A route the proxy does not see (proxy.ts: `config.matcher`), so that its body is not copied
 * for the proxy before anyone has checked who sends it: the checks the proxy makes of every other
 * request, made here in the same order with the same answers (another site's request refused, a
 * body over the limit or without a length refused), and the same headers on every answer. The
 * handler checks the session itself (lib/server/viewer.ts) before it reads a byte of the body.
 */
export function unproxied<C>(handler: Handler<C>): Handler<C> {
  const inner = withErrors(handler);
  return async (req, ctx) => {
    const csp = contentSecurityPolicy(null, (await getRuntime()).config.frameAncestors);
    if (isCrossSite(req)) return withSecurityHeaders(errorResponse("cross_site", "Floorview takes changes only from its own pages.", { req }), csp);
    const body = checkBody(req.method, new URL(req.url).pathname, req.headers.get("content-length"), req.headers.has("transfer-encoding"));
    if (!body.ok) return withSecurityHeaders(errorResponse(body.code, body.message, { req }), csp);
    return withSecurityHeaders(await inner(req, ctx), csp);
  };
}

/** Reads a large body (a route outside the proxy) up to `limit` bytes; null when it is longer (a chunked body has no length to check first). */
export async function readTextUpTo(req: Request, limit: number): Promise<string | null> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(parts));
}
