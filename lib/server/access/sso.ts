import "server-only";
import * as oidc from "openid-client";
import { grantOf, groupsOf, type AccessGrants } from "@/lib/auth/access-file";
import type { Identity } from "@/lib/auth/identity";
import type { PendingSignIn } from "@/lib/auth/tokens";
import type { OidcConfig } from "@/lib/config";
import { log } from "@/lib/log";

/**
 * Single sign-on with OpenID Connect (openid-client): the authorization code flow with PKCE,
 * state and nonce checked, the ID token validated (issuer, audience, expiry, and its signature
 * against the provider's published keys, not only the token endpoint's TLS), then the
 * user's groups mapped to a role and teams by the access config. The provider's metadata is read
 * on first use and read again after a failure. Sessions stay Floorview's own signed cookies.
 */

export type SignInFailure =
  /** The return did not match the sign-in that left (a replayed or altered link, another browser). */
  | "state"
  /** The provider's answer failed validation (audience, signature, expiry, nonce). */
  | "token"
  /** The provider said no (the user cancelled, or is not allowed there). */
  | "provider"
  /** Signed in, but no group of theirs is in the access config. */
  | "no_group"
  /** The provider could not be reached. */
  | "unavailable";

export type SignInResult = { ok: true; identity: Identity; groups: string[] } | { ok: false; failure: SignInFailure; detail: string; subject?: string };

const isLoopback = (url: string) => ["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname);

export class SingleSignOn {
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly cfg: OidcConfig,
    private readonly grants: AccessGrants,
  ) {}

  private discover(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(new URL(this.cfg.issuer), this.cfg.clientId, undefined, oidc.ClientSecretBasic(this.cfg.clientSecret), {
        execute: [
          // The ID token's signature checked against the provider's published keys too (openid-client
          // trusts the token endpoint's TLS alone by default): a token from anything between the two,
          // or signed with any other key, is refused.
          oidc.enableNonRepudiationChecks,
          // Plain http only for a provider on this machine (the tests'); config refuses any other.
          ...(new URL(this.cfg.issuer).protocol === "http:" && isLoopback(this.cfg.issuer) ? [oidc.allowInsecureRequests] : []),
        ],
        timeout: 10,
      })
      .catch((err: unknown) => {
        this.configuration = null;
        throw err;
      });
    return this.configuration;
  }

  /** Where to send the browser, and what to keep (in a signed cookie) for its return. */
  async begin(redirectUri: string, next: string): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.discover();
    const verifier = oidc.randomPKCECodeVerifier();
    const pending: PendingSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier, next, redirectUri };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: this.cfg.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** The return from the provider: the code exchanged, the ID token validated, the groups mapped. */
  async complete(returned: URLSearchParams, pending: PendingSignIn | null): Promise<SignInResult> {
    if (returned.has("error")) {
      return { ok: false, failure: "provider", detail: `${returned.get("error")?.slice(0, 100)}${returned.get("error_description") ? `: ${returned.get("error_description")!.slice(0, 300)}` : ""}` };
    }
    if (!pending || returned.get("state") !== pending.state) return { ok: false, failure: "state", detail: "the state that came back is not the one this browser sent" };
    let config: oidc.Configuration;
    try {
      config = await this.discover();
    } catch (err) {
      return { ok: false, failure: "unavailable", detail: err instanceof Error ? err.message : String(err) };
    }
    const current = new URL(pending.redirectUri);
    current.search = returned.toString();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
    } catch (err) {
      const e = err as Error & { code?: string; cause?: unknown };
      const unreachable = e.name === "TypeError" || e.code === "ECONNREFUSED" || /fetch failed|timed? ?out|aborted/i.test(e.message);
      // The cause names the check that failed (the "aud" claim, "exp"…).
      const why = e.cause instanceof Error && e.cause.message !== e.message ? `: ${e.cause.message}` : "";
      return { ok: false, failure: unreachable ? "unavailable" : "token", detail: `${e.message}${why}` };
    }
    const claims = tokens.claims();
    if (!claims) return { ok: false, failure: "token", detail: "no ID token in the provider's answer" };
    let all: Record<string, unknown> = { ...claims };
    // Many providers put groups (and the name) only in the userinfo answer.
    if (!(this.cfg.groupsClaim in all) || typeof all.name !== "string") {
      try {
        all = { ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)), ...all };
      } catch (err) {
        log.warn("could not read the signed-in user's userinfo (groups taken from the ID token only)", { error: err instanceof Error ? err.message : String(err) });
      }
    }
    const name = [all.name, all.preferred_username, all.email].find((v): v is string => typeof v === "string" && v.length > 0) ?? claims.sub;
    const groups = groupsOf(all, this.cfg.groupsClaim);
    const grant = grantOf(this.grants, groups);
    if (!grant) return { ok: false, failure: "no_group", detail: `none of ${groups.length ? groups.join(", ") : "no groups"} is in FLOORVIEW_ACCESS_FILE`, subject: `${name} (${claims.sub})` };
    return { ok: true, identity: { sub: claims.sub, name: name.slice(0, 120), role: grant.role, teams: grant.teams && [...grant.teams], via: "oidc" }, groups };
  }

  /** The provider's sign-out address, returning to `after`; null when it has none. */
  async endSessionUrl(after: string): Promise<string | null> {
    try {
      const config = await this.discover();
      if (!config.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: after, client_id: this.cfg.clientId }).href;
    } catch {
      return null;
    }
  }
}
