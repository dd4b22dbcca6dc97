import "server-only";
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";

export type JwtSource =
  | { kind: "static"; token: string }
  | { kind: "signed"; clientId: string; clientSecret: string; enforceJti: boolean };

export interface TokenProvider {
  token(): Promise<string>;
}

/** How long a minted token lives, and how early we renew it. */
const LIFETIME_S = 60 * 60;
const RENEW_BEFORE_S = 5 * 60;
/** With "Enforce JTI", Kore.ai rejects an exp more than 1 h ahead; each token is used once. */
const JTI_LIFETIME_S = 5 * 60;

async function signKoreJwt(
  clientId: string,
  clientSecret: string,
  opts: { jti?: string; lifetimeSeconds: number; now: number },
): Promise<string> {
  const iat = Math.floor(opts.now / 1000);
  // Kore.ai reads the Client ID from a claim spelled exactly `appId`.
  const jwt = new SignJWT({ appId: clientId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(iat)
    .setExpirationTime(iat + opts.lifetimeSeconds);
  if (opts.jti) jwt.setJti(opts.jti);
  return jwt.sign(new TextEncoder().encode(clientSecret));
}

export function createTokenProvider(source: JwtSource, now: () => number = Date.now): TokenProvider {
  if (source.kind === "static") {
    return { token: () => Promise.resolve(source.token) };
  }
  const { clientId, clientSecret, enforceJti } = source;
  if (enforceJti) {
    return {
      token: () => signKoreJwt(clientId, clientSecret, { jti: randomUUID(), lifetimeSeconds: JTI_LIFETIME_S, now: now() }),
    };
  }
  let cached: { token: string; renewAt: number } | null = null;
  return {
    async token() {
      const t = now();
      if (!cached || t >= cached.renewAt) {
        const token = await signKoreJwt(clientId, clientSecret, { lifetimeSeconds: LIFETIME_S, now: t });
        cached = { token, renewAt: t + (LIFETIME_S - RENEW_BEFORE_S) * 1000 };
      }
      return cached.token;
    },
  };
}
