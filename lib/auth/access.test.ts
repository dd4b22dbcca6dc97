import { describe, expect, it } from "vitest";
import type { AuthConfig } from "@/lib/config";
import { PASSWORD_IDENTITY } from "./identity";
import { signLink, signSession } from "./tokens";
import { accessOf, mayReadDetails } from "./access";

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
    const session = await signSession(secret, PASSWORD_IDENTITY, Date.now() + 60_000);
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
