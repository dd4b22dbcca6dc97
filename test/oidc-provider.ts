import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { TEST_CLIENT, TEST_USERS } from "./oidc-users";

/**
 * A real OpenID Provider for the tests (oidc-provider, a certified implementation), on a free
 * port, with its development sign-in pages (any password): the users below, each with groups.
 * In front of it, optionally, a pass-through that can alter the token endpoint's ID token (`Tamper`),
 * to see Floorview refuse it as it would from a broken or hostile provider, or a forger.
 */

export { TEST_CLIENT, TEST_USERS, type TestUser } from "./oidc-users";

/** The access config that goes with TEST_USERS (teams of the simulator's labels), for the single sign-on tests in vitest. */
export const TEST_ACCESS_FILE = fileURLToPath(new URL("./sso-access.json", import.meta.url));
export const TEST_ACCESS = JSON.parse(readFileSync(TEST_ACCESS_FILE, "utf8")) as { groups: Record<string, { role: string; teams?: string[] }> };

/**
 * What the pass-through does to the ID token: a wrong audience, issuer or nonce, an expired one
 * (each re-signed with the provider's own key, so only the claim check can catch it), one signed
 * with a key the provider never published, or one with `alg: none` and no signature.
 */
export type Tamper = null | "audience" | "expired" | "issuer" | "nonce" | "foreign_key" | "alg_none";

export interface TestProvider {
  /** The issuer (the pass-through's address). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What the pass-through does to the next token responses. */
  tamper: Tamper;
  stop(): Promise<void>;
}

const listen = (server: Server, port: number) =>
  new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });

export async function startOidcProvider(opts: { port?: number; redirectUris: string[]; postLogoutRedirectUris: string[] }): Promise<TestProvider> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: "test-key", alg: "RS256", use: "sig" };
  // The pass-through listens where the issuer says; the provider behind it on a port of its own.
  // A request that arrives while the provider is still being set up waits for it: with no
  // handler yet, it would be accepted and never answered (Playwright's readiness check, which
  // has no timeout of its own, then hung until the web servers' 180 s ran out).
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const early: [IncomingMessage, ServerResponse][] = [];
  const front = createServer((req, res) => (handler ? handler(req, res) : early.push([req, res])));
  const frontPort = await listen(front, opts.port ?? 0);
  const issuer = `http://127.0.0.1:${frontPort}`;
  const { clientId, clientSecret } = TEST_CLIENT;
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: opts.redirectUris, post_logout_redirect_uris: opts.postLogoutRedirectUris, grant_types: ["authorization_code"], response_types: ["code"] }],
    jwks: { keys: [jwk as never] },
    pkce: { required: () => true },
    claims: { openid: ["sub"], profile: ["name"], email: ["email"], groups: ["groups"] },
    scopes: ["openid", "profile", "email", "groups"],
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    ttl: { IdToken: 600, AccessToken: 600, AuthorizationCode: 60, Session: 3600, Interaction: 600, Grant: 3600 },
    findAccount: (_ctx, id) => {
      const user = TEST_USERS[id] ?? { sub: id, name: id, email: `${id}@example.test`, groups: [] };
      return { accountId: id, claims: () => ({ sub: id, name: user.name, email: user.email, groups: user.groups }) };
    },
    // Consent is implied: a company's own dashboard, not a third-party app.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope("openid profile email groups");
      await grant.save();
      return grant;
    },
  });
  provider.on("server_error", (_ctx, err) => console.error("oidc-provider server_error", err));
  const handle = provider.callback();
  const back = createServer((req, res) => void handle(req, res));
  const backPort = await listen(back, 0);

  const state: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    tamper: null,
    async stop() {
      await Promise.all([new Promise((r) => front.close(r)), new Promise((r) => back.close(r))]);
    },
  };

  const { SignJWT, importJWK } = await import("jose");
  const key = await importJWK(jwk as never, "RS256");
  // A key of the same size and kid that the provider never published: what a forger holds.
  const foreign = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const alter = async (body: string): Promise<string> => {
    const parsed = JSON.parse(body) as { id_token?: string };
    if (!parsed.id_token || !state.tamper) return body;
    const claims = JSON.parse(Buffer.from(parsed.id_token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    if (state.tamper === "audience") claims.aud = "some-other-client";
    if (state.tamper === "expired") Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
    if (state.tamper === "issuer") claims.iss = "http://127.0.0.1:9/another-issuer";
    if (state.tamper === "nonce") claims.nonce = "not-the-nonce-this-browser-sent";
    if (state.tamper === "alg_none") {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
      parsed.id_token = `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
      return JSON.stringify(parsed);
    }
    parsed.id_token = await new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "test-key", typ: "JWT" }).sign(state.tamper === "foreign_key" ? foreign : key);
    return JSON.stringify(parsed);
  };

  handler = (req, res) => {
    const upstream = httpRequest({ host: "127.0.0.1", port: backPort, path: req.url, method: req.method, headers: { ...req.headers, "x-forwarded-host": `127.0.0.1:${frontPort}` } }, (up) => {
      const isToken = req.url?.startsWith("/token") && state.tamper !== null;
      if (!isToken) {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        return;
      }
      const parts: Buffer[] = [];
      up.on("data", (c: Buffer) => parts.push(c));
      up.on("end", () => {
        void alter(Buffer.concat(parts).toString("utf8")).then((body) => {
          const headers = { ...up.headers };
          delete headers["content-length"];
          res.writeHead(up.statusCode ?? 502, headers);
          res.end(body);
        });
      });
    });
    upstream.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  };
  for (const [req, res] of early.splice(0)) handler(req, res);
  return state;
}
