import { decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { createTokenProvider } from "./jwt";

const secret = "a-client-secret-of-reasonable-length";
const key = new TextEncoder().encode(secret);

describe("Kore.ai JWT", () => {
  it("is HS256, signed with the client secret, and carries appId = client id", async () => {
    const tokens = createTokenProvider({ kind: "signed", clientId: "cs-123", clientSecret: secret, enforceJti: false });
    const token = await tokens.token();
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "HS256", typ: "JWT" });
    const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"] });
    expect(payload.appId).toBe("cs-123");
    expect(payload.jti).toBeUndefined();
  });

  it("is reused until shortly before it expires, then renewed", async () => {
    let now = Date.parse("2026-11-27T08:00:00Z");
    const tokens = createTokenProvider({ kind: "signed", clientId: "cs-1", clientSecret: secret, enforceJti: false }, () => now);
    const first = await tokens.token();
    now += 50 * 60_000;
    expect(await tokens.token()).toBe(first);
    now += 6 * 60_000;
    const renewed = await tokens.token();
    expect(renewed).not.toBe(first);
    const { payload } = await jwtVerify(renewed, key, { currentDate: new Date(now) });
    expect(payload.exp! * 1000).toBeGreaterThan(now + 50 * 60_000);
  });

  it("in Enforce-JTI mode mints a fresh jti for every request, expiring within the hour", async () => {
    const now = Date.now();
    const tokens = createTokenProvider({ kind: "signed", clientId: "cs-1", clientSecret: secret, enforceJti: true }, () => now);
    const a = await jwtVerify(await tokens.token(), key);
    const b = await jwtVerify(await tokens.token(), key);
    expect(a.payload.jti).toEqual(expect.any(String));
    expect(a.payload.jti).not.toBe(b.payload.jti);
    expect(a.payload.exp! * 1000 - now).toBeLessThanOrEqual(3_600_000);
    expect(a.payload.appId).toBe("cs-1");
  });

  it("passes a ready-made KORE_JWT through unchanged", async () => {
    const tokens = createTokenProvider({ kind: "static", token: "ready.made.token" });
    expect(await tokens.token()).toBe("ready.made.token");
  });
});
