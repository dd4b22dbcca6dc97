import "server-only";

/**
 * The headers every answer carries: a Content-Security-Policy (pages: scripts only from here and
 * with this request's nonce, no unsafe-eval in production; everything else: nothing at all),
 * frame-ancestors as configured, no MIME sniffing, referrers kept on this site.
 */
export function contentSecurityPolicy(nonce: string | null, frameAncestors: string): string {
  const dev = process.env.NODE_ENV === "development";
  const script = nonce ? `'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}` : "'none'";
  return [
    nonce ? "default-src 'self'" : "default-src 'none'",
    `script-src ${script}`,
    // Charts and tiles size themselves with style attributes.
    nonce ? "style-src 'self' 'unsafe-inline'" : "style-src 'none'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    // Signing out of a single sign-on is a form whose answer goes on to the identity provider.
    `form-action 'self'${identityProvider()}`,
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

/** The identity provider's origin (OIDC_ISSUER, validated at start), with a leading space; "" without one. */
function identityProvider(): string {
  try {
    return process.env.OIDC_ISSUER ? ` ${new URL(process.env.OIDC_ISSUER).origin}` : "";
  } catch {
    return "";
  }
}

export function withSecurityHeaders<R extends Response>(res: R, csp: string): R {
  res.headers.set("Content-Security-Policy", csp);
  res.headers.set("X-Content-Type-Options", "nosniff");
  // Same-origin referrers only: the drill-down's "back to the grid" reads it; nothing leaks out.
  res.headers.set("Referrer-Policy", "same-origin");
  return res;
}
