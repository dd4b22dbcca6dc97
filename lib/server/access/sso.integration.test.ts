import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAccessFile } from "@/lib/auth/access-file";
import { startOidcProvider, TEST_ACCESS, type TestProvider } from "@/test/oidc-provider";
import { SingleSignOn } from "./sso";

/**
 * Single sign-on against a real OpenID Provider (oidc-provider) started here: the code flow with
 * PKCE, state and nonce; the ID token's audience and expiry checked; groups mapped to roles.
 */

const REDIRECT = "http://127.0.0.1:9/api/auth/oidc/callback";
let provider: TestProvider;
let sso: SingleSignOn;

beforeAll(async () => {
  provider = await startOidcProvider({ redirectUris: [REDIRECT], postLogoutRedirectUris: ["http://127.0.0.1:9/login"] });
  sso = new SingleSignOn(
    { issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, scopes: "openid profile email groups", groupsClaim: "groups" },
    parseAccessFile(JSON.stringify(TEST_ACCESS), ["Billing", "Tech support", "Sales", "Retention"]),
  );
}, 30_000);
afterAll(async () => {
  await provider?.stop();
});

/** A browser at the provider: follows redirects, keeps cookies, fills in the sign-in form; returns where it lands back at Floorview. */
async function signInAt(url: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [k, ...v] = pair!.split("=");
      jar.set(k!.trim(), v.join("="));
    }
  };
  let next = new URL(url);
  let body: string | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (next.href.startsWith(REDIRECT)) return next;
    const res = await fetch(next, { redirect: "manual", method: body ? "POST" : "GET", body, headers: { cookie: cookie(), ...(body && { "content-type": "application/x-www-form-urlencoded" }) } });
    keep(res);
    body = undefined;
    const location = res.headers.get("location");
    if (location) {
      next = new URL(location, next);
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`stuck at ${next.href} (${res.status})`);
    next = new URL(action.replaceAll("&amp;", "&"), next);
    body = new URLSearchParams({ prompt: "login", login, password: "any" }).toString();
  }
  throw new Error("too many redirects");
}

async function begin() {
  return sso.begin(REDIRECT, "/agents/a-1?window=4h");
}

describe("single sign-on against a real OpenID Provider", () => {
  it("signs a team lead in: code flow with PKCE, groups mapped to role and teams", async () => {
    const { url, pending } = await begin();
    const auth = new URL(url);
    expect(auth.searchParams.get("code_challenge_method")).toBe("S256");
    expect(auth.searchParams.get("state")).toBe(pending.state);
    expect(auth.searchParams.get("nonce")).toBe(pending.nonce);
    const back = await signInAt(url, "lead");
    const result = await sso.complete(back.searchParams, pending);
    expect(result).toEqual({ ok: true, identity: { sub: "lead", name: "Lee Billing-Lead", role: "teamlead", teams: ["Billing"], via: "oidc" }, groups: ["billing-leads"] });
  });

  it("refuses a tampered state, and a return without the sign-in that left", async () => {
    const { url, pending } = await begin();
    const back = await signInAt(url, "admin");
    const tampered = new URLSearchParams(back.searchParams);
    tampered.set("state", `${pending.state}x`);
    expect(await sso.complete(tampered, pending)).toMatchObject({ ok: false, failure: "state" });
    expect(await sso.complete(back.searchParams, null)).toMatchObject({ ok: false, failure: "state" });
  });

  it.each([
    // Re-signed with the provider's own key: only the claim's own check can refuse them.
    ["for another audience", "audience", /aud/i],
    ["that has expired", "expired", /exp|timestamp|expired/i],
    ["from another issuer", "issuer", /iss/i],
    ["with a nonce this browser never sent", "nonce", /nonce/i],
    // Forged: the signature check is what refuses them.
    ["signed with a key the provider never published", "foreign_key", /signature|verif/i],
    ["with alg none and no signature", "alg_none", /alg|signature|unexpected|unsupported/i],
  ] as const)("refuses an ID token %s", async (_what, tamper, why) => {
    const { url, pending } = await begin();
    const back = await signInAt(url, "admin");
    provider.tamper = tamper;
    try {
      const result = await sso.complete(back.searchParams, pending);
      expect(result).toMatchObject({ ok: false, failure: "token" });
      expect((result as { detail: string }).detail).toMatch(why);
    } finally {
      provider.tamper = null;
    }
  });

  it("signs in when the pass-through changes nothing (the cases above fail for their tamper alone)", async () => {
    const { url, pending } = await begin();
    const back = await signInAt(url, "admin");
    expect(await sso.complete(back.searchParams, pending)).toMatchObject({ ok: true, identity: { sub: "admin", role: "admin" } });
  });

  it("refuses a user with no mapped group, naming who it was", async () => {
    const { url, pending } = await begin();
    const back = await signInAt(url, "nobody");
    expect(await sso.complete(back.searchParams, pending)).toMatchObject({ ok: false, failure: "no_group", subject: "No Body (nobody)", detail: expect.stringContaining("marketing") });
  });

  it("passes on the provider's refusal, and offers its sign-out", async () => {
    expect(await sso.complete(new URLSearchParams("error=access_denied&error_description=User+cancelled"), null)).toMatchObject({ ok: false, failure: "provider", detail: "access_denied: User cancelled" });
    expect(await sso.endSessionUrl("http://127.0.0.1:9/login")).toMatch(new RegExp(`^${provider.issuer}/session/end\\?.*post_logout_redirect_uri=`));
  });
});
