import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { AuthConfig } from "@/lib/config";
import { PASSWORD_IDENTITY, type Identity } from "./identity";
import { endedSessions } from "./revocations";
import { signLink, signSession } from "./tokens";
import { accessOf, mayReadDetails, ROLE_CHECK_MS } from "./access";

const TOKEN = "metrics-token-0123456789abcdef";
const auth = (over: Partial<AuthConfig>): AuthConfig => ({ mode: "open", password: null, secret: null, sessionMs: 3_600_000, linkMs: 86_400_000, linkMaxMs: 365 * 86_400_000, auditMs: 365 * 86_400_000, metricsToken: null, trustedProxies: null, ...over });
const metrics = (authorization?: string) => ({ url: "http://floorview.example/api/metrics", headers: { get: (n: string) => (n.toLowerCase() === "authorization" ? authorization ?? null : null) } });

describe("the door of /api/metrics", () => {
  it("with FLOORVIEW_METRICS_TOKEN set, opens to that bearer token only, login or not", async () => {
    for (const mode of ["open", "password"] as const) {
      const a = auth({ mode, metricsToken: TOKEN, password: mode === "password" ? "pw" : null, secret: mode === "password" ? "s".repeat(32) : null });
      expect(await accessOf(metrics(`Bearer ${TOKEN}`), a)).toMatchObject({ ok: true });
      expect(await accessOf(metrics(`bearer ${TOKEN}`), a)).toMatchObject({ ok: true });
      for (const wrong of [undefined, "Bearer", `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`]) {
        const r = await accessOf(metrics(wrong), a);
        expect(r.ok, String(wrong)).toBe(false);
      }
    }
  });

  it("health's details: open without a login; with one, a session or the metrics token", async () => {
    const secret = "s".repeat(32);
    const login = auth({ mode: "password", password: "pw", secret, metricsToken: TOKEN });
    const at = (headers: Record<string, string>) => ({ url: "http://floorview.example/api/health", headers: { get: (n: string) => headers[n.toLowerCase()] ?? null } });
    expect(await mayReadDetails(at({}), auth({}))).toBe(true);
    expect(await mayReadDetails(at({}), login)).toBe(false);
    expect(await mayReadDetails(at({ authorization: "Bearer wrong-token-0123456789" }), login)).toBe(false);
    expect(await mayReadDetails(at({ authorization: `Bearer ${TOKEN}` }), login)).toBe(true);
    const session = await signSession(secret, PASSWORD_IDENTITY, Date.now() + 60_000, "s-1");
    expect(await mayReadDetails(at({ cookie: `floorview_session=${session}` }), login)).toBe(true);
    const link = await signLink(secret, { id: "l", scope: { teams: null, agents: null, prefix: null, privacy: false }, options: "" }, Date.now() + 60_000);
    expect(await mayReadDetails(at({ cookie: `floorview_wallboard=${link}` }), login)).toBe(false);
  });

  it("without a token: open without a login, closed with one, saying how to open it", async () => {
    expect(await accessOf(metrics(), auth({}))).toMatchObject({ ok: true });
    const closed = await accessOf(metrics(), auth({ mode: "password", password: "pw", secret: "s".repeat(32) }));
    expect(closed).toMatchObject({ ok: false, message: expect.stringContaining("FLOORVIEW_METRICS_TOKEN") });
  });
});

describe("sessions that can be ended", () => {
  const secret = "s".repeat(32);
  const sso = auth({ mode: "sso", secret, sessionMs: 30 * 86_400_000 });
  const lead: Identity = { sub: "u-lead", name: "Lee", role: "teamlead", teams: ["Billing"], via: "oidc" };
  const at = (cookie: string) => ({ url: "http://floorview.example/api/agents", headers: { get: (n: string) => (n === "cookie" ? cookie : null) } });

  it("an ended session opens nothing, nor one signed before sessions had ids; the others still do", async () => {
    const one = await signSession(secret, lead, Date.now() + 60_000, "sid-one");
    const two = await signSession(secret, lead, Date.now() + 60_000, "sid-two");
    expect(await accessOf(at(`floorview_session=${one}`), sso)).toMatchObject({ ok: true });
    endedSessions().add("sid-one");
    try {
      expect(await accessOf(at(`floorview_session=${one}`), sso)).toMatchObject({ ok: false, message: expect.stringContaining("ended") });
      expect(await accessOf(at(`floorview_session=${two}`), sso)).toMatchObject({ ok: true });
    } finally {
      endedSessions().delete("sid-one");
    }
    // A token of the release before (no id): signed in again.
    const old = await new SignJWT({ kind: "session", sub: lead.sub, name: lead.name, role: lead.role, teams: lead.teams, via: "oidc" }).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setAudience("floorview").setExpirationTime("1h").sign(new TextEncoder().encode(secret));
    expect(await accessOf(at(`floorview_session=${old}`), sso)).toMatchObject({ ok: false });
  });

  it("a single sign-on a day old is sent through the provider again (its role read afresh); a password session is not", async () => {
    const dayOld = Math.floor((Date.now() - ROLE_CHECK_MS - 60_000) / 1000);
    const sign = (via: "oidc" | "password") =>
      new SignJWT({ kind: "session", jti: `sid-${via}`, sub: lead.sub, name: lead.name, role: lead.role, teams: lead.teams, via }).setProtectedHeader({ alg: "HS256" }).setIssuedAt(dayOld).setAudience("floorview").setExpirationTime("1h").sign(new TextEncoder().encode(secret));
    expect(await accessOf(at(`floorview_session=${await sign("oidc")}`), sso)).toMatchObject({ ok: false, renew: true });
    expect(await accessOf(at(`floorview_session=${await sign("password")}`), { ...sso, mode: "password", password: "pw" })).toMatchObject({ ok: true });
  });
});
