import { describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import type { Identity } from "./identity";
import { HOSTILE_NEXT, landsOn } from "@/test/hostile-next";
import { passwordMatches, safeNext, signLink, signSession, verifyLink, verifySession } from "./tokens";

const SECRET = "a".repeat(32);
const TEAM_LEAD: Identity = { sub: "u-7", name: "Tess Lead", role: "teamlead", teams: ["Billing"], via: "oidc" };

describe("tokens", () => {
  it("signs a session that carries who is signed in, verifies as a session only, until it expires", async () => {
    const token = await signSession(SECRET, TEAM_LEAD, Date.now() + 60_000, "s-1");
    const session = await verifySession(SECRET, token);
    expect(session).toMatchObject({ ...TEAM_LEAD, expiresAt: expect.any(Number), sid: "s-1" });
    expect(Math.abs(session!.issuedAt - Date.now())).toBeLessThan(2_000);
    expect(session!.expiresAt).toBeGreaterThan(Date.now());
    expect(await verifyLink(SECRET, token)).toBeNull();
    expect(await verifySession(SECRET, await signSession(SECRET, TEAM_LEAD, Date.now() - 1_000, "s-2"))).toBeNull();
  });

  it("a link carries its id, its scope and its options, signed: changing any of them breaks it", async () => {
    const link = await signLink(SECRET, { id: "l-1", scope: { teams: ["Billing"], agents: null, prefix: null, privacy: true }, options: "teams=Billing&privacy=1" }, Date.now() + 86_400_000);
    expect(await verifyLink(SECRET, link)).toMatchObject({ id: "l-1", scope: { teams: ["Billing"], privacy: true }, options: "teams=Billing&privacy=1" });
    expect(await verifySession(SECRET, link)).toBeNull();
    // The payload edited to drop privacy, signature kept: refused.
    const [h, p, sig] = link.split(".");
    const payload = JSON.parse(Buffer.from(p!, "base64url").toString()) as { scope: { privacy: boolean } };
    payload.scope.privacy = false;
    expect(await verifyLink(SECRET, `${h}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${sig}`)).toBeNull();
  });

  it("revokes everything when the secret rotates", async () => {
    const link = await signLink(SECRET, { id: "l-2", scope: { teams: null, agents: null, prefix: null, privacy: false }, options: "" }, Date.now() + 86_400_000);
    expect(await verifyLink(SECRET, link)).not.toBeNull();
    expect(await verifyLink("b".repeat(32), link)).toBeNull();
    expect(await verifyLink(SECRET, `${link}x`)).toBeNull();
    expect(await verifyLink(SECRET, undefined)).toBeNull();
  });

  it("a link or a session of the release before (no id, no identity) opens nothing", async () => {
    const old = await new SignJWT({ kind: "wallboard" }).setProtectedHeader({ alg: "HS256" }).setAudience("floorview").setExpirationTime(Math.floor(Date.now() / 1000) + 600).sign(new TextEncoder().encode(SECRET));
    expect(await verifyLink(SECRET, old)).toBeNull();
    const oldSession = await new SignJWT({ kind: "session" }).setProtectedHeader({ alg: "HS256" }).setAudience("floorview").setExpirationTime(Math.floor(Date.now() / 1000) + 600).sign(new TextEncoder().encode(SECRET));
    expect(await verifySession(SECRET, oldSession)).toBeNull();
  });

  it("compares passwords exactly", () => {
    expect(passwordMatches("correct horse", "correct horse")).toBe(true);
    expect(passwordMatches("correct hors", "correct horse")).toBe(false);
    expect(passwordMatches("", "correct horse")).toBe(false);
  });

  it("returns only to paths on this site after login", () => {
    expect(safeNext("/wallboard?privacy=1")).toBe("/wallboard?privacy=1");
    expect(safeNext("https://evil.example")).toBe("/");
    expect(safeNext("//evil.example")).toBe("/");
    expect(safeNext("/\\evil.example")).toBe("/");
    expect(safeNext(null)).toBe("/");
    // Browsers drop tabs and newlines from a URL: these are //evil.example once followed.
    for (const sneaky of ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\t\\evil.example", "\t//evil.example", "/ /evil.example".replace(" ", "\t")]) {
      expect(safeNext(sneaky), JSON.stringify(sneaky)).toBe("/");
    }
    // Dot segments are removed after the origin is fixed: each of these would leave as //evil.example.
    for (const dotted of ["/.//evil.example", "/..//evil.example", "/%2e//evil.example", "/%2E%2E//evil.example", "/a/..//x", "/./\\evil.example", "/a/b/../..//evil.example", "/.%2f/evil.example", "/./%5cevil.example"]) {
      const out = safeNext(dotted);
      expect(out, JSON.stringify(dotted)).not.toMatch(/^\/[\/\\]/);
      expect(new URL(out, "https://floorview.example").host, JSON.stringify(dotted)).toBe("floorview.example");
    }
    // Every value of the hostile table lands on this site.
    for (const hostile of HOSTILE_NEXT) {
      expect(landsOn(safeNext(hostile), "https://floorview.example"), JSON.stringify(hostile)).toBe(true);
    }
    // A path of this site stays as it is, query and fragment included.
    expect(safeNext("/agents/a-1?window=4h#totals")).toBe("/agents/a-1?window=4h#totals");
    expect(safeNext("/%09/evil.example")).toBe("/%09/evil.example");
  });
});
