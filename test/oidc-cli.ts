import { startOidcProvider } from "./oidc-provider";

/**
 * The test OpenID Provider as a process, for the browser tests (e2e/sso.spec.ts starts it): `OIDC_PORT` (the issuer's port),
 * `OIDC_CLIENT_ORIGIN` (the Floorview it serves, for its callback and sign-out addresses).
 */
const port = Number(process.env.OIDC_PORT ?? 4170);
const origin = process.env.OIDC_CLIENT_ORIGIN ?? "http://127.0.0.1:3170";
startOidcProvider({ port, redirectUris: [`${origin}/api/auth/oidc/callback`], postLogoutRedirectUris: [`${origin}/login`] }).then(
  (provider) => console.log(`test OpenID Provider at ${provider.issuer} (client ${provider.clientId})`),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
